using AppendedLinesSource;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.Tests.Checkpointing;

namespace Sluice.Tests.Sources;

/// <summary>
/// A replayable source written outside the engine, on its public API only (examples/AppendedLinesSource): its
/// typed positions are checkpointed, and a context killed mid-run and recovered gives every batch the output of
/// an uninterrupted run.
/// </summary>
public sealed class CustomDirectSourceTests : IDisposable
{
    private const int Batches = 10;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-custom-source-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static DStream<string> RunningCount(StreamingContext context, string file)
        => new AppendedLinesStream(context, file)
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Map(word => (word, 1))
            .UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count), partitions: 2)
            .Checkpoint(TimeSpan.FromSeconds(3))
            .Map(pair => $"{pair.Item1}={pair.Item2}");

    /// <summary>Before batch <paramref name="batch"/>: a few lines, the last one written only in part when the batch is a multiple of 3 (finished before the next).</summary>
    private static void Append(string file, int batch)
    {
        var random = new Random(batch);
        var lines = string.Concat(Enumerable.Range(0, 3).Select(_ => string.Join(' ', Enumerable.Range(0, 3).Select(_ => "abcde"[random.Next(5)])) + "\n"));
        var text = (batch % 3 == 1 && batch > 1 ? "tail\n" : "") + lines + (batch % 3 == 0 ? "partial d" : "");
        File.AppendAllText(file, text);
    }

    private static async Task RunBatchesAsync(StreamingTestContext test, string file, int from, int until)
    {
        for (var batch = from; batch <= until; batch++)
        {
            Append(file, batch);
            await test.RunBatchesAsync(1);
        }
    }

    private static Dictionary<DateTimeOffset, string[]> ByTime(OutputCollector<string> output)
        => output.ByTime.ToDictionary(batch => batch.Time, batch => batch.Records.Order(StringComparer.Ordinal).ToArray());

    [Fact]
    public async Task AKilledContext_Recovers_WithTheOutputOfAnUninterruptedRun()
    {
        var expectedFile = Path.Combine(_root, "expected.log");
        Dictionary<DateTimeOffset, string[]> expected;
        using (var uninterrupted = new StreamingTestContext())
        {
            uninterrupted.Context.Checkpoint(Path.Combine(_root, "expected-checkpoint"));
            var output = uninterrupted.Collect(RunningCount(uninterrupted.Context, expectedFile));
            uninterrupted.Context.Start();
            await RunBatchesAsync(uninterrupted, expectedFile, 1, Batches);
            expected = ByTime(output);
        }

        var file = Path.Combine(_root, "app.log");
        var checkpoint = Path.Combine(_root, "checkpoint");
        var actual = new Dictionary<DateTimeOffset, string[]>();
        using (var first = new StreamingTestContext())
        {
            OutputCollector<string>? output = null;
            StreamingContext.GetOrCreate(checkpoint, () => { output = first.Collect(RunningCount(first.Context, file)); return first.Context; });
            first.Context.Start();
            await RunBatchesAsync(first, file, 1, 7);
            await first.Context.CheckpointsWrittenAsync();
            actual = ByTime(output!);
        } // killed: no graceful stop

        var summary = await CheckpointInspector.InspectAsync(CheckpointStorages.Open(checkpoint));
        Assert.Contains(summary!.Sources, source => source.Identity == "appendedLines-1" && source.Positions > 0);

        using var second = new StreamingTestContext();
        OutputCollector<string>? recovered = null;
        StreamingContext.GetOrCreate(checkpoint, () => { recovered = second.Collect(RunningCount(second.Context, file)); return second.Context; });
        second.Clock.SetUtcNow(Start.AddSeconds(7));
        second.Context.Start();
        await RunBatchesAsync(second, file, 8, Batches);
        foreach (var (time, records) in ByTime(recovered!))
        {
            Assert.True(!actual.TryGetValue(time, out var before) || before.SequenceEqual(records), $"Batch {time:O} ran twice with different outputs.");
            actual[time] = records;
        }

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, batch => Assert.Equal(batch.Value, actual[batch.Key]));
    }

    [Fact]
    public async Task OutputsSeeTheTypedPositionsTheirBatchRead()
    {
        var file = Path.Combine(_root, "seen.log");
        using var test = new StreamingTestContext();
        var seen = new List<(DateTimeOffset Time, string Positions)>();
        new AppendedLinesStream(test.Context, file).ForeachBatch((rdd, batch) =>
        {
            rdd.Count();
            lock (seen) seen.Add((batch.Time, string.Join(";", batch.Sources.SelectMany(source => source.Positions).Select(position => position.GetRawText()))));
        }, "seen");
        test.Context.Start();
        File.WriteAllText(file, "one two\nthree");
        await test.RunBatchesAsync(1);
        File.AppendAllText(file, "\n");
        await test.RunBatchesAsync(1);

        var path = System.Text.Json.JsonSerializer.Serialize(Path.GetFullPath(file));
        Assert.Equal([$$"""{"Path":{{path}},"From":0,"Until":8}""", $$"""{"Path":{{path}},"From":8,"Until":14}"""], seen.Select(batch => batch.Positions));
    }

    [Fact]
    public async Task APositionTheSourceCannotRead_FailsTheRecovery_SayingWhichInputAndWhy()
    {
        var file = Path.Combine(_root, "app.log");
        var checkpoint = Path.Combine(_root, "checkpoint");
        using (var first = new StreamingTestContext())
        {
            StreamingContext.GetOrCreate(checkpoint, () => { first.Collect(RunningCount(first.Context, file)); return first.Context; });
            first.Context.Start();
            await RunBatchesAsync(first, file, 1, 2);
            await first.Context.CheckpointsWrittenAsync();
        }

        CheckpointRewriter.EditSources(checkpoint, source => source["Positions"] = new System.Text.Json.Nodes.JsonArray("not a range"));
        using var second = new StreamingTestContext();
        var error = Assert.Throws<CheckpointFormatException>(() => StreamingContext.GetOrCreate(checkpoint, () => { second.Collect(RunningCount(second.Context, file)); return second.Context; }));
        Assert.Contains("appendedLines-1: the checkpoint records \"not a range\" as a position, which is not a LineRange", error.Message, StringComparison.Ordinal);
    }
}
