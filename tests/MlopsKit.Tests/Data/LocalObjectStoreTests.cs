using MlopsKit.Data;
using MlopsKit.IO;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

public sealed class LocalObjectStoreTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    public void AllExist_is_false_as_soon_as_one_object_is_missing(int count)
    {
        var cache = new LocalObjectStore(_dir["cache"]);
        var keys = new List<ObjectKey>();
        for (var i = 0; i < count; i++)
        {
            var bytes = BitConverter.GetBytes(i);
            var key = new ObjectKey(Md5Hasher.HashBytes(bytes), false);
            cache.AddBytes(key, bytes);
            keys.Add(key);
        }
        Assert.True(cache.AllExist(keys));
        cache.Delete(keys[count / 2]);
        Assert.False(cache.AllExist(keys));
        Directory.CreateDirectory(cache.PathOf(keys[count / 2]));
        Assert.False(cache.AllExist(keys));
    }

    [Fact]
    public void Walker_keeps_file_links_and_skips_folder_links()
    {
        var data = _dir["data"];
        Directory.CreateDirectory(Path.Combine(data, "sub"));
        File.WriteAllText(Path.Combine(data, "a.txt"), "a");
        File.WriteAllText(Path.Combine(data, "sub", "b.txt"), "b");
        File.CreateSymbolicLink(Path.Combine(data, "link.txt"), Path.Combine(data, "a.txt"));
        Directory.CreateSymbolicLink(Path.Combine(data, "linkdir"), Path.Combine(data, "sub"));
        var files = WorkspaceWalker.Files(_dir.Path, data, new IgnoreRules(_dir.Path)).Select(f => f.RelPath).Order(StringComparer.Ordinal);
        Assert.Equal(["a.txt", "link.txt", "sub/b.txt"], files);
    }
}
