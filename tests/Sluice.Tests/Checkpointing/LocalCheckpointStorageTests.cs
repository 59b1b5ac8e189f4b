using Sluice.Checkpointing;
using Sluice.TestSupport;

namespace Sluice.Tests.Checkpointing;

public sealed class LocalCheckpointStorageTests : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("sluice-storage-").FullName;

    public void Dispose() => Directory.Delete(_path, recursive: true);

    [Fact]
    public async Task WriteReadListDelete_RoundTrip()
    {
        var storage = new LocalCheckpointStorage(_path);
        await storage.WriteAsync("a", new byte[] { 1, 2 });
        await storage.WriteAsync("a", new byte[] { 3 });
        Assert.Equal([3], await storage.ReadAsync("a"));
        Assert.Null(await storage.ReadAsync("missing"));
        Assert.Equal(["a"], await storage.ListAsync());
        await storage.DeleteAsync("a");
        Assert.Empty(await storage.ListAsync());
    }

    [Theory]
    [InlineData("/proc/sluice-checkpoint")] // a file system where nothing can be created
    [InlineData("FILE/checkpoint")] // under a file
    public void ADirectoryThatCannotBeCreated_IsAnIOExceptionNamingIt(string directory)
    {
        var file = Path.Combine(_path, "file");
        File.WriteAllText(file, "not a directory");
        var path = directory.Replace("FILE", file, StringComparison.Ordinal);

        var error = Assert.Throws<IOException>(() => new LocalCheckpointStorage(path));

        Assert.StartsWith($"The checkpoint directory {path} cannot be created: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Give a directory this user can create and write in, on a writable file system.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamesWithDirectories_AreRefused()
        => await Assert.ThrowsAsync<ArgumentException>(() => new LocalCheckpointStorage(_path).WriteAsync("../escape", new byte[] { 1 }));

    [Fact]
    [Trait("Category", "Process")]
    public async Task FullDisk_FailsClearly_AndLeavesThePreviousFileIntact()
    {
        // A 64 KiB tmpfs: the real "no space left on device" from the kernel.
        using var disk = SmallDisk.Mount(64 << 10);
        var storage = new LocalCheckpointStorage(disk.Path);
        await storage.WriteAsync("metadata", new byte[1000]);
        var error = await Assert.ThrowsAsync<IOException>(() => storage.WriteAsync("metadata", new byte[200_000]));
        Assert.Contains($"Cannot write checkpoint file metadata in {disk.Path}", error.Message, StringComparison.Ordinal);
        Assert.Contains("The files already there are intact", error.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[1000], await storage.ReadAsync("metadata"));
        Assert.Equal(["metadata"], await storage.ListAsync()); // no temporary file left behind
        Assert.Single(Directory.EnumerateFiles(disk.Path));
    }
}
