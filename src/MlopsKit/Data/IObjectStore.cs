namespace MlopsKit.Data;

/// <summary>A content-addressed store of DVC objects: the seam every remote kind (local, S3, HTTP) plugs into.</summary>
public interface IObjectStore
{
    /// <summary>Where the store lives, for messages (a path or URL).</summary>
    string Url { get; }

    /// <summary>True when the object is present.</summary>
    Task<bool> ExistsAsync(ObjectKey key, CancellationToken cancellationToken = default);

    /// <summary>Stores a local file under the key; readers never see a partial object.</summary>
    Task UploadAsync(ObjectKey key, string sourceFile, CancellationToken cancellationToken = default);

    /// <summary>Copies the object to a local file path (which the caller then verifies and renames).</summary>
    Task DownloadAsync(ObjectKey key, string targetFile, CancellationToken cancellationToken = default);

    /// <summary>Every object key in the store, both layouts.</summary>
    IAsyncEnumerable<ObjectKey> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes an object if present.</summary>
    Task DeleteAsync(ObjectKey key, CancellationToken cancellationToken = default);
}
