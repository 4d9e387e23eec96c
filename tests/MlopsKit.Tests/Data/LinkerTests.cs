using MlopsKit.Data;
using MlopsKit.IO;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

public sealed class LinkerTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Placing_in_parallel_falls_back_to_copy_on_every_thread_when_reflinks_fail()
    {
        var cache = new LocalObjectStore(_dir["cache"]);
        var keys = new List<ObjectKey>();
        for (var i = 0; i < 200; i++)
        {
            var bytes = BitConverter.GetBytes(i);
            var key = new ObjectKey(Md5Hasher.HashBytes(bytes), false);
            cache.AddBytes(key, bytes);
            keys.Add(key);
        }
        // On file systems without reflinks (ext4, tmpfs) every thread starts on reflink and must fall back on its own.
        var linker = new Linker(cache, "reflink,copy");
        Parallel.For(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => linker.Place(keys[i], _dir[$"ws/{i}.bin"], isExec: false));
        for (var i = 0; i < keys.Count; i++)
            Assert.Equal(BitConverter.GetBytes(i), File.ReadAllBytes(_dir[$"ws/{i}.bin"]));
    }

    [Fact]
    public void Writers_racing_into_the_same_new_folders_all_find_them_created()
    {
        var cache = new LocalObjectStore(_dir["cache"]);
        var key = new ObjectKey(Md5Hasher.HashBytes("x"u8), false);
        cache.AddBytes(key, "x"u8);
        for (var round = 0; round < 5; round++)
        {
            var linker = new Linker(cache, "copy");
            // Every folder is new and several threads want it at once: none may write before it exists.
            Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => linker.Place(key, _dir[$"r{round}/g{i % 40}/{i}.bin"], isExec: false));
            Assert.Equal(400, Directory.EnumerateFiles(_dir[$"r{round}"], "*.bin", SearchOption.AllDirectories).Count());
        }
    }
}
