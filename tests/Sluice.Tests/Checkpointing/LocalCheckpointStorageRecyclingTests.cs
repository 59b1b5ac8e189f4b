using Sluice.Checkpointing;

namespace Sluice.Tests.Checkpointing;

/// <summary>Deleted large files are overwritten by later writes instead of allocating new blocks.</summary>
public sealed class LocalCheckpointStorageRecyclingTests : IDisposable
{
    private const int Large = LocalCheckpointStorage.MinRecycledBytes;
    private readonly string _path = Directory.CreateTempSubdirectory("sluice-recycle-").FullName;

    public void Dispose() => Directory.Delete(_path, recursive: true);

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    [Fact]
    public async Task ADeletedLargeFile_IsOverwrittenByTheNextLargeWrite_WithNothingOfItsOldContentLeft()
    {
        var storage = new LocalCheckpointStorage(_path);
        await storage.WriteAsync("state-old", Filled(Large * 3, 1));
        await storage.DeleteAsync("state-old");
        Assert.Empty(await storage.ListAsync());
        Assert.Equal(1, storage.RecycledCount);

        var shorter = Filled(Large * 2, 2);
        await storage.WriteAsync("state-new", shorter);
        Assert.Equal(0, storage.RecycledCount);
        Assert.Equal(shorter, await storage.ReadAsync("state-new"));
        Assert.Single(Directory.EnumerateFiles(_path)); // the recycled file became the new one
    }

    [Fact]
    public async Task SmallFiles_AreDeleted_AndSmallWritesLeaveTheRecycledFilesAlone()
    {
        var storage = new LocalCheckpointStorage(_path);
        await storage.WriteAsync("metadata-1", Filled(100, 1));
        await storage.DeleteAsync("metadata-1");
        Assert.Equal(0, storage.RecycledCount);
        Assert.Empty(Directory.EnumerateFiles(_path));

        await storage.WriteAsync("state", Filled(Large, 1));
        await storage.DeleteAsync("state");
        await storage.WriteAsync("metadata-2", Filled(100, 2));
        Assert.Equal(1, storage.RecycledCount);
        Assert.Equal(Filled(100, 2), await storage.ReadAsync("metadata-2"));
    }

    [Fact]
    public async Task AtMostMaxRecycled_AreKept_AndANewStorageOnTheDirectoryReusesThem()
    {
        var storage = new LocalCheckpointStorage(_path);
        var names = Enumerable.Range(0, LocalCheckpointStorage.MaxRecycled + 2).Select(i => $"state-{i}").ToList();
        foreach (var name in names)
        {
            await storage.WriteAsync(name, Filled(Large, 1));
        }

        foreach (var name in names)
        {
            await storage.DeleteAsync(name);
        }

        Assert.Equal(LocalCheckpointStorage.MaxRecycled, storage.RecycledCount);
        Assert.Equal(LocalCheckpointStorage.MaxRecycled, Directory.EnumerateFiles(_path).Count());

        var restarted = new LocalCheckpointStorage(_path);
        Assert.Equal(LocalCheckpointStorage.MaxRecycled, restarted.RecycledCount);
        Assert.Empty(await restarted.ListAsync());
        await restarted.WriteAsync("state", Filled(Large * 2, 9));
        Assert.Equal(Filled(Large * 2, 9), await restarted.ReadAsync("state"));
        Assert.Equal(LocalCheckpointStorage.MaxRecycled, Directory.EnumerateFiles(_path).Count());
    }
}
