using Sluice.Streams;
using System.Globalization;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>overhead</c>: the engine's cost per batch with nothing to process: an empty batch and one output operation,
/// timed from the clock tick to the batch's completion event. The floor under any batch interval. With
/// <c>--cluster</c>, each also on <c>local-cluster[2,1]</c>: its tasks in two executor processes.
/// </summary>
internal static class BatchOverheadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--batches"], ["--cluster"]);
        var batches = options.GetInt("--batches", 2000);
        string[] masters = options.Has("--cluster") ? ["local[2]", "local-cluster[2,1]"] : ["local[2]"];
        Console.WriteLine("| output operation | master | batches | median µs | p99 µs |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var master in masters)
        {
            await MeasureAsync("foreachRdd (no action)", master, batches, stream => stream.ForeachRdd(_ => { }));
            await MeasureAsync("foreachRdd + count (2 empty partitions)", master, batches, stream => stream.ForeachRdd(rdd => rdd.Count()));
            await MeasureAsync("print (take 11 of empty)", master, batches, stream => stream.Print());
            await MeasureAsync("reduceByKey + count (a shuffle of nothing)", master, batches, stream => stream.Map(n => (n % 10, n)).ReduceByKey((a, b) => a + b, 2).ForeachRdd(rdd => rdd.Count()));
        }

        return 0;
    }

    private static async Task MeasureAsync(string name, string master, int batches, Action<Sluice.Streams.DStream<int>> output)
    {
        using var test = new StreamingTestContext(TimeSpan.FromMilliseconds(100), master, o => o.Out = TextWriter.Null);
        output(test.Input(Enumerable.Repeat(Array.Empty<int>(), batches), partitions: 2));
        var samples = (await BatchTimer.TimeAsync(test, 50, batches - 50)).Select(sample => sample.TotalMicroseconds).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {master} | {samples.Length} | {samples[samples.Length / 2]:F0} | {samples[(int)(samples.Length * 0.99)]:F0} |"));
    }
}
