using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using MlopsKit.IO;

namespace MlopsKit.Data;

/// <summary>
/// MlopsKit's hash cache in <c>.dvc/tmp/mlopskit/state.db</c>: (path, inode, mtime_ns, size) → md5 for files and a
/// stat fingerprint → oid for directories, so unchanged data is never re-hashed. DVC's own state is never touched.
/// </summary>
public sealed class HashState : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly ConcurrentQueue<(string Path, int Algo, FileStat Stat, string Md5)> _pendingFiles = new();
    private readonly ConcurrentQueue<(string Path, int Algo, string Fingerprint, string Oid)> _pendingDirs = new();
    private Dictionary<(string, int), (ulong Inode, long Mtime, long Size, string Md5)>? _files;

    /// <summary>Opens (creating if needed) the state database in a folder.</summary>
    public HashState(string folder)
    {
        Directory.CreateDirectory(folder);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "state.db"), Pooling = false }.ToString());
        _db.Open();
        Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;" +
             "CREATE TABLE IF NOT EXISTS hashes(path TEXT NOT NULL, algo INTEGER NOT NULL, inode INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, md5 TEXT NOT NULL, PRIMARY KEY(path, algo)) WITHOUT ROWID;" +
             "CREATE TABLE IF NOT EXISTS dirs(path TEXT NOT NULL, algo INTEGER NOT NULL, fingerprint TEXT NOT NULL, oid TEXT NOT NULL, PRIMARY KEY(path, algo)) WITHOUT ROWID;" +
             "CREATE TABLE IF NOT EXISTS complete(oid TEXT NOT NULL PRIMARY KEY, cache_fingerprint TEXT NOT NULL) WITHOUT ROWID;");
    }

    /// <summary>The cached md5 of a file, when its inode, mtime and size still match.</summary>
    public string? GetFile(string path, FileStat stat, bool legacy)
    {
        var files = LoadFiles();
        return files.TryGetValue((path, legacy ? 1 : 0), out var row) && row.Inode == stat.Inode && row.Mtime == stat.MtimeNs && row.Size == stat.Size
            ? row.Md5 : null;
    }

    /// <summary>Remembers a file's md5 (written on <see cref="Flush"/>).</summary>
    public void SetFile(string path, FileStat stat, bool legacy, string md5) => _pendingFiles.Enqueue((path, legacy ? 1 : 0, stat, md5));

    /// <summary>The cached oid of a directory whose stat fingerprint is unchanged.</summary>
    public string? GetDir(string path, string fingerprint, bool legacy)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT oid FROM dirs WHERE path=$p AND algo=$a AND fingerprint=$f";
        cmd.Parameters.AddWithValue("$p", path);
        cmd.Parameters.AddWithValue("$a", legacy ? 1 : 0);
        cmd.Parameters.AddWithValue("$f", fingerprint);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Remembers a directory's oid for its stat fingerprint.</summary>
    public void SetDir(string path, string fingerprint, bool legacy, string oid) => _pendingDirs.Enqueue((path, legacy ? 1 : 0, fingerprint, oid));

    /// <summary>True when a directory object was last found complete in the cache while the cache folders looked exactly as now.</summary>
    public bool IsKnownComplete(string dirOid, string cacheFingerprint)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM complete WHERE oid=$o AND cache_fingerprint=$f";
        cmd.Parameters.AddWithValue("$o", dirOid);
        cmd.Parameters.AddWithValue("$f", cacheFingerprint);
        return cmd.ExecuteScalar() is not null;
    }

    /// <summary>Records that every entry of a directory object was present for this cache fingerprint.</summary>
    public void SetComplete(string dirOid, string cacheFingerprint)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO complete(oid, cache_fingerprint) VALUES($o, $f)";
        cmd.Parameters.AddWithValue("$o", dirOid);
        cmd.Parameters.AddWithValue("$f", cacheFingerprint);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Writes remembered hashes in one transaction.</summary>
    public void Flush()
    {
        if (_pendingFiles.IsEmpty && _pendingDirs.IsEmpty) return;
        using var tx = _db.BeginTransaction();
        using (var cmd = _db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR REPLACE INTO hashes(path, algo, inode, mtime_ns, size, md5) VALUES($p,$a,$i,$m,$s,$h)";
            var p = cmd.Parameters.Add("$p", SqliteType.Text);
            var a = cmd.Parameters.Add("$a", SqliteType.Integer);
            var i = cmd.Parameters.Add("$i", SqliteType.Integer);
            var m = cmd.Parameters.Add("$m", SqliteType.Integer);
            var s = cmd.Parameters.Add("$s", SqliteType.Integer);
            var h = cmd.Parameters.Add("$h", SqliteType.Text);
            cmd.Prepare();
            while (_pendingFiles.TryDequeue(out var row))
            {
                p.Value = row.Path;
                a.Value = row.Algo;
                i.Value = unchecked((long)row.Stat.Inode);
                m.Value = row.Stat.MtimeNs;
                s.Value = row.Stat.Size;
                h.Value = row.Md5;
                cmd.ExecuteNonQuery();
                _files?.Remove((row.Path, row.Algo));
                _files?.Add((row.Path, row.Algo), (row.Stat.Inode, row.Stat.MtimeNs, row.Stat.Size, row.Md5));
            }
        }
        using (var cmd = _db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR REPLACE INTO dirs(path, algo, fingerprint, oid) VALUES($p,$a,$f,$o)";
            var p = cmd.Parameters.Add("$p", SqliteType.Text);
            var a = cmd.Parameters.Add("$a", SqliteType.Integer);
            var f = cmd.Parameters.Add("$f", SqliteType.Text);
            var o = cmd.Parameters.Add("$o", SqliteType.Text);
            cmd.Prepare();
            while (_pendingDirs.TryDequeue(out var row))
            {
                p.Value = row.Path;
                a.Value = row.Algo;
                f.Value = row.Fingerprint;
                o.Value = row.Oid;
                cmd.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        _db.Dispose();
    }

    private Dictionary<(string, int), (ulong Inode, long Mtime, long Size, string Md5)> LoadFiles()
    {
        if (_files is not null) return _files;
        lock (_db)
        {
            if (_files is not null) return _files;
            var files = new Dictionary<(string, int), (ulong Inode, long Mtime, long Size, string Md5)>();
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT path, algo, inode, mtime_ns, size, md5 FROM hashes";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                files[(reader.GetString(0), reader.GetInt32(1))] = (unchecked((ulong)reader.GetInt64(2)), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5));
            _files = files;
            return files;
        }
    }

    private void Exec(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
