using System.Globalization;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>overhead</c>: the engine's cost per batch with nothing to process: an empty batch and one output operation,
/// timed from the clock tick to the batch's completion event. The floor under any batch interval.
/// </summary>
internal static class BatchOverheadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args);
        var batches = options.GetInt("--batches", 2000);
        Console.WriteLine("| output operation | batches | median µs | p99 µs |");
        Console.WriteLine("|---|---|---|---|");
        await MeasureAsync("foreachRdd (no action)", batches, stream => stream.ForeachRdd(_ => { }));
        await MeasureAsync("foreachRdd + count (2 empty partitions)", batches, stream => stream.ForeachRdd(rdd => rdd.Count()));
        await MeasureAsync("print (take 11 of empty)", batches, stream => stream.Print());
        return 0;
    }

    private static async Task MeasureAsync(string name, int batches, Action<Sluice.Streams.DStream<int>> output)
    {
        using var test = new StreamingTestContext(TimeSpan.FromMilliseconds(100), "local[2]", o => o.Out = TextWriter.Null);
        output(test.Input(Enumerable.Repeat(Array.Empty<int>(), batches), partitions: 2));
        var samples = (await BatchTimer.TimeAsync(test, 50, batches - 50)).Select(sample => sample.TotalMicroseconds).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {samples.Length} | {samples[samples.Length / 2]:F0} | {samples[(int)(samples.Length * 0.99)]:F0} |"));
    }
}
