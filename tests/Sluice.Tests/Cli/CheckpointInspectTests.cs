using Sluice.Cli;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Cli;

public sealed class CheckpointInspectTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-inspect-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Inspect_ShowsBatchesOperatorsAndState()
    {
        using (var test = new StreamingTestContext())
        {
            test.Context.Checkpoint(_directory);
            test.Input<string>([["a", "b"], ["a"]]).Map(word => (word, 1))
                .UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count))
                .Name("totals")
                .Print();
            await test.RunBatchesAsync(2);
            test.Context.Stop(stopGracefully: true);
        }

        var output = new StringWriter();
        Assert.Equal(0, await SluiceCommandLine.RunAsync(["checkpoint", "inspect", _directory], output, new StringWriter()));
        var text = output.ToString();
        Assert.Contains("last completed batch  2026-01-01T00:00:02.0000000+00:00", text, StringComparison.Ordinal);
        Assert.Contains("pending batches       none", text, StringComparison.Ordinal);
        Assert.Matches(@"totals\s+updateStateByKey\s+state: 2 keys, \d+ bytes, as of 2026-01-01T00:00:02", text);
        Assert.Matches(@"print-\d+\s+print\s+\(output\)", text);
    }

    [Fact]
    public async Task Inspect_ShowsTheCheckpointWrittenAtStart_AsNoCompletedBatch()
    {
        using (var test = new StreamingTestContext())
        {
            test.Context.Checkpoint(_directory);
            test.Input<string>([["a"]]).Print();
            test.Context.Start(); // and stopped at once, before its first batch
        }

        var output = new StringWriter();
        Assert.Equal(0, await SluiceCommandLine.RunAsync(["checkpoint", "inspect", _directory], output, new StringWriter()));
        var text = output.ToString();
        Assert.Contains("last completed batch  none: written as the application started", text, StringComparison.Ordinal);
        Assert.Contains("first batch           2026-01-01T00:00:01.0000000+00:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ShowsAFoldedValue_AsItsJson()
    {
        using (var test = new StreamingTestContext())
        {
            test.Context.Checkpoint(_directory);
            test.Input<string>([["a", "b"], ["a"]]).FoldBatches("seen", new SortedSet<string>(StringComparer.Ordinal), (rdd, _, seen) => new SortedSet<string>(seen.Concat(rdd.Collect()), StringComparer.Ordinal));
            await test.RunBatchesAsync(2);
            test.Context.Stop(stopGracefully: true);
        }

        var output = new StringWriter();
        Assert.Equal(0, await SluiceCommandLine.RunAsync(["checkpoint", "inspect", _directory], output, new StringWriter()));
        var text = output.ToString();
        Assert.Matches(@"seen\s+foldBatches\s+\(output\)  state: a value of \d+ bytes, as of 2026-01-01T00:00:02", text);
        Assert.Contains("    value: [\"a\",\"b\"]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ShowsTheCheckpointARestartWouldUse_AndWhyNewerOnesAreSkipped()
    {
        using (var test = new StreamingTestContext())
        {
            test.Context.Checkpoint(_directory);
            test.Input<string>([["a"], ["b"], ["c"]]).Map(word => (word, 1))
                .UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count))
                .Checkpoint(TimeSpan.FromSeconds(1))
                .Name("totals")
                .Print();
            await test.RunBatchesAsync(3);
            await test.Context.CheckpointsWrittenAsync();
        }

        File.Delete(Directory.EnumerateFiles(_directory, "state-*").Order(StringComparer.Ordinal).Last());
        var output = new StringWriter();
        Assert.Equal(0, await SluiceCommandLine.RunAsync(["checkpoint", "inspect", _directory], output, new StringWriter()));
        var text = output.ToString();
        Assert.Contains("last completed batch  2026-01-01T00:00:02.0000000+00:00", text, StringComparison.Ordinal);
        Assert.Contains("is missing from", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_OfAnEmptyOrDamagedDirectory_SaysSo()
    {
        var output = new StringWriter();
        Assert.Equal(0, await SluiceCommandLine.RunAsync(["checkpoint", "inspect", _directory], output, new StringWriter()));
        Assert.Contains("holds no checkpoint", output.ToString(), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_directory, "metadata-000000000001000"), "junk");
        var error = new StringWriter();
        Assert.Equal(1, await SluiceCommandLine.RunAsync(["checkpoint", "inspect", _directory], new StringWriter(), error));
        Assert.Contains("is not a Sluice checkpoint file", error.ToString(), StringComparison.Ordinal);

        Assert.Equal(1, await SluiceCommandLine.RunAsync(["checkpoint", "inspect", Path.Combine(_directory, "missing")], new StringWriter(), error));
        Assert.Contains("does not exist", error.ToString(), StringComparison.Ordinal);
    }
}
