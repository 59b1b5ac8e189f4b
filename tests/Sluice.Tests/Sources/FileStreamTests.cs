using Sluice.Execution;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Sources;

/// <summary>File streams on the manual clock: each file's modification time is set on that clock, as the source's "arrival".</summary>
public sealed class FileStreamTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"sluice-files-{Guid.NewGuid():N}");
    private readonly string _watched;
    private readonly string _staging;

    public FileStreamTests()
    {
        _watched = Path.Combine(_root, "in");
        _staging = Path.Combine(_root, "staging");
        Directory.CreateDirectory(_staging);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes a file elsewhere, dates it on the test clock, and renames it into place, as users should.</summary>
    private static void Arrive(StreamingTestContext test, string staging, string path, params string[] lines)
    {
        var temporary = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        File.WriteAllLines(temporary, lines);
        File.SetLastWriteTimeUtc(temporary, test.Clock.GetUtcNow().UtcDateTime);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(temporary, path);
    }

    [Fact]
    public async Task FilesRenamedIn_AreReadOnceInTheNextBatch_AndAMissingDirectoryGivesEmptyBatches()
    {
        using var test = new StreamingTestContext();
        var lines = test.Collect(test.Context.TextFileStream(_watched));
        await test.RunBatchesAsync(1); // the directory does not exist yet

        Arrive(test, _staging, Path.Combine(_watched, "a.log"), "one", "two");
        await test.RunBatchesAsync(1);
        await test.RunBatchesAsync(1); // nothing new: a.log is not taken twice
        Arrive(test, _staging, Path.Combine(_watched, "b.log"), "three");
        Arrive(test, _staging, Path.Combine(_watched, "c.log"), "four", "five");
        await test.RunBatchesAsync(1);

        Assert.Equal([[], ["one", "two"], [], ["three", "four", "five"]], lines.Batches);
    }

    [Fact]
    public async Task AsText_FilesRenamedIn_AreReadOnce_AndTheirWordsCounted()
    {
        using var test = new StreamingTestContext();
        var stream = test.Context.Utf8TextFileStream(_watched);
        var lines = test.Collect(stream.Map(line => line.ToString()));
        var counts = test.Collect(stream.Words().Map(word => (word.ToString(), 1)).ReduceByKey((a, b) => a + b));
        await test.RunBatchesAsync(1); // the directory does not exist yet

        Arrive(test, _staging, Path.Combine(_watched, "a.log"), "to be", "or not to be");
        await test.RunBatchesAsync(2); // the second batch finds nothing new

        Assert.Equal([[], ["to be", "or not to be"], []], lines.Batches);
        Assert.Equal([("be", 2), ("not", 1), ("or", 1), ("to", 2)], counts.Batches[1].Order().ToArray());
    }

    [Fact]
    public async Task EachBatchsFiles_AreItsInputMetadata_ForListenersAndTheUi()
    {
        using var test = new StreamingTestContext();
        var stream = test.Context.TextFileStream(_watched);
        test.Collect(stream);
        await test.RunBatchesAsync(1);
        Arrive(test, _staging, Path.Combine(_watched, "b.log"), "x");
        Arrive(test, _staging, Path.Combine(_watched, "a.log"), "y");
        await test.RunBatchesAsync(1);

        Assert.Equal(0, test.CompletedBatches[0].InputRecords[stream.Id]); // counted when read, as in Spark
        Assert.False(test.CompletedBatches[0].InputMetadata.ContainsKey(stream.Id));
        Assert.Equal([Path.Combine(_watched, "a.log"), Path.Combine(_watched, "b.log")], test.CompletedBatches[1].InputMetadata[stream.Id]);
    }

    [Fact]
    public async Task HiddenTemporaryAndFilteredFiles_AreIgnored()
    {
        using var test = new StreamingTestContext();
        var lines = test.Collect(test.Context.FileStream(_watched, path => path.EndsWith(".log", StringComparison.Ordinal)));
        await test.RunBatchesAsync(1);
        Arrive(test, _staging, Path.Combine(_watched, ".partial.log"), "hidden");
        Arrive(test, _staging, Path.Combine(_watched, "_COPYING_.log"), "temporary");
        Arrive(test, _staging, Path.Combine(_watched, "notes.txt"), "filtered");
        Arrive(test, _staging, Path.Combine(_watched, "kept.log"), "kept");
        await test.RunBatchesAsync(1);
        Assert.Equal(["kept"], lines.All);
    }

    [Fact]
    public async Task NewFilesOnly_SkipsFilesOlderThanTheStart_UnlessAskedFor()
    {
        using var test = new StreamingTestContext();
        Arrive(test, _staging, Path.Combine(_watched, "old.log"), "old");
        var newOnly = test.Collect(test.Context.TextFileStream(_watched));
        var all = test.Collect(test.Context.FileStream(_watched, _ => true, newFilesOnly: false));
        test.Clock.Advance(TimeSpan.FromMilliseconds(10));
        await test.RunBatchesAsync(1);
        Assert.Empty(newOnly.All);
        Assert.Equal(["old"], all.All);
    }

    [Fact]
    public async Task FileOlderThanTheRememberWindow_IsNotSelected()
    {
        using var test = new StreamingTestContext(configure: o => o.FileStreamRememberWindow = TimeSpan.FromSeconds(2));
        var lines = test.Collect(test.Context.FileStream(_watched, _ => true, newFilesOnly: false));
        var stale = Path.Combine(_staging, "stale");
        File.WriteAllLines(stale, ["stale"]);
        File.SetLastWriteTimeUtc(stale, test.Clock.GetUtcNow().UtcDateTime.AddSeconds(-30));
        Directory.CreateDirectory(_watched);
        File.Move(stale, Path.Combine(_watched, "stale.log"));
        await test.RunBatchesAsync(2);
        Assert.Empty(lines.All);
    }

    [Fact]
    public async Task DirectoryGlob_WatchesEveryMatchingDirectory()
    {
        using var test = new StreamingTestContext();
        var lines = test.Collect(test.Context.TextFileStream(Path.Combine(_root, "hosts", "*", "logs")));
        await test.RunBatchesAsync(1);
        Arrive(test, _staging, Path.Combine(_root, "hosts", "alpha", "logs", "1.log"), "from alpha");
        Arrive(test, _staging, Path.Combine(_root, "hosts", "beta", "logs", "1.log"), "from beta");
        Arrive(test, _staging, Path.Combine(_root, "hosts", "beta", "other", "1.log"), "not watched");
        await test.RunBatchesAsync(1);
        Assert.Equal(["from alpha", "from beta"], lines.All);
    }

    [Fact]
    public async Task BinaryRecordsStream_CutsFixedLengthRecords_AndRejectsATruncatedFile()
    {
        using var test = new StreamingTestContext(configure: o =>
        {
            o.BatchFailurePolicy = BatchFailurePolicy.Continue;
            o.MaxTaskFailures = 1;
        });
        var records = test.Collect(test.Context.BinaryRecordsStream(_watched, 4).Map(Convert.ToHexString));
        await test.RunBatchesAsync(1);
        WriteBytes(test, "good.bin", [1, 2, 3, 4, 5, 6, 7, 8]);
        await test.RunBatchesAsync(1);
        WriteBytes(test, "bad.bin", [1, 2, 3]);
        var infos = await test.RunBatchesAsync(1);

        Assert.Equal(["01020304", "05060708"], records.All);
        var failure = Assert.IsType<JobFailedException>(infos[0].Failure);
        Assert.Contains("not a multiple of the record length 4", failure.InnerException!.Message);
    }

    [Fact]
    public void ArgumentChecks()
    {
        using var test = new StreamingTestContext();
        Assert.Throws<ArgumentNullException>(() => test.Context.TextFileStream(null!));
        Assert.Throws<ArgumentException>(() => test.Context.TextFileStream(" "));
        Assert.Throws<ArgumentNullException>(() => test.Context.FileStream(_watched, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Context.BinaryRecordsStream(_watched, 0));
    }

    private void WriteBytes(StreamingTestContext test, string name, byte[] bytes)
    {
        var temporary = Path.Combine(_staging, name);
        File.WriteAllBytes(temporary, bytes);
        File.SetLastWriteTimeUtc(temporary, test.Clock.GetUtcNow().UtcDateTime);
        Directory.CreateDirectory(_watched);
        File.Move(temporary, Path.Combine(_watched, name));
    }
}
