using System.Text;
using Sluice.Outputs;
using Sluice.Testing;

namespace Sluice.Tests.Streams;

/// <summary>Per-batch files in text, JSON lines and CSV: complete or absent, few files per batch, replaced on replay.</summary>
public sealed class SaveAsFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-files-out-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string BatchDirectory(DateTimeOffset time) => Path.Combine(_root, $"counts-{time.ToUnixTimeMilliseconds()}");

    [Fact]
    public async Task JsonLines_OneFilePerBatchByDefault_FromEveryPartition()
    {
        using var test = new StreamingTestContext();
        test.Input<string>([["a", "b", "a", "c"]], partitions: 4).Map(word => (Word: word, Count: 1)).SaveAsFiles(_root, FileFormats.JsonLines<(string Word, int Count)>(), "counts");
        var batch = (await test.RunBatchesAsync(1))[0];

        var directory = BatchDirectory(batch.BatchTime);
        var part = Assert.Single(Directory.GetFiles(directory, "part-*"));
        Assert.EndsWith("part-00000.jsonl", part, StringComparison.Ordinal);
        Assert.Equal(["{\"item1\":\"a\",\"item2\":1}", "{\"item1\":\"b\",\"item2\":1}", "{\"item1\":\"a\",\"item2\":1}", "{\"item1\":\"c\",\"item2\":1}"], File.ReadAllLines(part));
        Assert.True(File.Exists(Path.Combine(directory, "_SUCCESS")));
        Assert.Equal([directory], Directory.GetDirectories(_root)); // no staging directory left
    }

    [Fact]
    public async Task Csv_QuotesWhatNeedsIt_WithAHeaderAndCrlf_AndFilesBoundsThePartFiles()
    {
        using var test = new StreamingTestContext();
        test.Input<(string Name, double Value)>([[("plain", 1.5), ("with, comma", 2), ("say \"hi\"", 3), ("two\nlines", 4)]], partitions: 4)
            .SaveAsFiles(_root, FileFormats.Csv<(string Name, double Value)>(new("name", row => row.Name), new("value", row => row.Value)), "counts", files: 2);
        var batch = (await test.RunBatchesAsync(1))[0];

        var parts = Directory.GetFiles(BatchDirectory(batch.BatchTime), "part-*.csv").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, parts.Count);
        var text = string.Concat(parts.Select(File.ReadAllText));
        Assert.Equal("name,value\r\nplain,1.5\r\n\"with, comma\",2\r\nname,value\r\n\"say \"\"hi\"\"\",3\r\n\"two\nlines\",4\r\n", text);
    }

    [Fact]
    public async Task ABatchRunAgain_ReplacesItsDirectory_AndAFailedWriteLeavesNothing()
    {
        using var test = new StreamingTestContext(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        var first = test.Clock.GetUtcNow().AddSeconds(1);
        Directory.CreateDirectory(BatchDirectory(first));
        File.WriteAllText(Path.Combine(BatchDirectory(first), "part-00003.txt"), "left by the run before the crash");
        test.Input<string>([["fresh"], ["boom"]]).SaveAsFiles(_root, new FailingOn("boom"), "counts");

        var batches = await test.RunBatchesAsync(2);

        Assert.Equal(["fresh"], Directory.GetFiles(BatchDirectory(first), "part-*").SelectMany(File.ReadAllLines));
        Assert.NotNull(batches[1].Failure);
        Assert.Equal([BatchDirectory(first)], Directory.GetDirectories(_root)); // the failed batch: no directory, no staging left
    }

    private sealed class FailingOn(string poison) : IFileFormat<string>
    {
        public string Extension => "txt";

        public void Write(Stream output, IEnumerable<string> records)
        {
            foreach (var record in records)
            {
                if (record == poison)
                {
                    throw new InvalidOperationException("disk trouble");
                }

                output.Write(Encoding.UTF8.GetBytes(record + "\n"));
            }
        }
    }
}
