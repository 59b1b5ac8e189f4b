using CsCheck;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Stateful;

/// <summary>
/// Every window operation against a model computed by brute force from the batches in each window, over random
/// inputs: window lengths of one, two and many batches, slides of one or more batches, keys that leave and return.
/// </summary>
public sealed class WindowPropertyTests : IDisposable
{
    private static readonly Gen<Scenario> s_scenarios =
        Gen.Select(Gen.Select(Gen.Int[0, 5], Gen.Int[1, 9]).Array[0, 6].Array[1, 10], Gen.Int[1, 5], Gen.Int[1, 3])
            .Select(input => new Scenario(input.Item1, input.Item2, input.Item3));

    private readonly string _checkpoints = Directory.CreateTempSubdirectory("sluice-windows-").FullName;

    public sealed record Scenario((int Key, int Value)[][] Batches, int WindowBatches, int SlideBatches)
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

        public TimeSpan Window => WindowBatches * Interval;

        public TimeSpan Slide => SlideBatches * Interval;

        /// <summary>Enough batches for every record to have left every window.</summary>
        public int BatchesToRun => Batches.Length + WindowBatches + SlideBatches;

        /// <summary>The batch numbers (from 1) at which a window ends.</summary>
        public IEnumerable<int> WindowEnds => Enumerable.Range(1, BatchesToRun).Where(k => k % SlideBatches == 0);

        public (int Key, int Value)[] InWindow(int end)
            => [.. Enumerable.Range(Math.Max(1, end - WindowBatches + 1), Math.Min(end, WindowBatches)).Where(j => j <= Batches.Length).SelectMany(j => Batches[j - 1])];

        public bool SeenBy(int end, Func<(int Key, int Value), bool>? match = null)
            => Batches.Take(end).SelectMany(batch => batch).Any(match ?? (_ => true));

        public override string ToString()
            => $"window {WindowBatches}, slide {SlideBatches}, batches [{string.Join(" | ", Batches.Select(b => string.Join(" ", b.Select(p => $"{p.Key}:{p.Value}"))))}]";
    }

    public void Dispose() => Directory.Delete(_checkpoints, recursive: true);

    /// <summary>Runs the scenario and returns, for each window end, the sorted output of the operation.</summary>
    private List<T[]> Run<T>(Scenario scenario, Func<DStream<(int Key, int Value)>, Scenario, DStream<T>> operation)
    {
        using var test = new StreamingTestContext();
        test.Context.Checkpoint(Path.Combine(_checkpoints, Guid.NewGuid().ToString("N"))); // one directory per run: CsCheck runs samples in parallel
        var output = test.Collect(operation(test.Input(scenario.Batches), scenario));
        test.RunBatchesAsync(scenario.BatchesToRun).GetAwaiter().GetResult();
        return [.. output.Batches.Select(batch => batch.Order().ToArray())];
    }

    private void Check<T>(Func<DStream<(int Key, int Value)>, Scenario, DStream<T>> operation, Func<Scenario, int, IEnumerable<T>> model)
        => s_scenarios.Sample(
            scenario =>
            {
                var actual = Run(scenario, operation);
                var expected = scenario.WindowEnds.Select(end => model(scenario, end).Order().ToArray()).ToList();
                return actual.Count == expected.Count && actual.Zip(expected).All(pair => pair.First.SequenceEqual(pair.Second));
            },
            iter: 25,
            print: scenario => scenario.ToString());

    [Fact]
    public void Window_HoldsEveryRecordOfItsBatches()
        => Check((stream, s) => stream.Window(s.Window, s.Slide), (s, end) => s.InWindow(end));

    [Fact]
    public void ReduceByKeyAndWindow_WithoutInverse_SumsEachKeyInTheWindow()
        => Check(
            (stream, s) => stream.ReduceByKeyAndWindow((a, b) => a + b, s.Window, s.Slide, partitions: 3),
            (s, end) => Sums(s.InWindow(end)));

    [Fact]
    public void ReduceByKeyAndWindow_WithInverseAndFilter_EqualsTheRecomputedWindow()
        => Check(
            (stream, s) => stream.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, s.Window, s.Slide, partitions: 3, pair => pair.Value != 0),
            (s, end) => Sums(s.InWindow(end)));

    [Fact]
    public void ReduceByKeyAndWindow_WithInverseWithoutFilter_KeepsKeysAtZero_AsSparkDoes()
        => Check(
            (stream, s) => stream.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, s.Window, s.Slide),
            (s, end) => s.Batches.Take(end).SelectMany(b => b).Select(p => p.Key).Distinct()
                .Select(key => (key, s.InWindow(end).Where(p => p.Key == key).Sum(p => p.Value))));

    [Fact]
    public void CountByValueAndWindow_CountsEachDistinctRecord_DroppingZeros()
        => Check(
            (stream, s) => stream.Map(p => p.Key).CountByValueAndWindow(s.Window, s.Slide),
            (s, end) => s.InWindow(end).GroupBy(p => p.Key).Select(g => (g.Key, (long)g.Count())));

    [Fact]
    public void GroupByKeyAndWindow_GathersEveryValue()
        => Check(
            (stream, s) => stream.GroupByKeyAndWindow(s.Window, s.Slide, partitions: 2).Map(g => (g.Item1, string.Join(",", g.Item2.Order()))),
            (s, end) => s.InWindow(end).GroupBy(p => p.Key).Select(g => (g.Key, string.Join(",", g.Select(p => p.Value).Order()))));

    [Fact]
    public void CountByWindow_CountsRecords_OnceAnyHaveArrived()
        => Check(
            (stream, s) => stream.CountByWindow(s.Window, s.Slide),
            (s, end) => s.SeenBy(end) ? [(long)s.InWindow(end).Length] : []);

    [Fact]
    public void ReduceByWindow_WithAndWithoutInverse_SumTheWindow()
    {
        Check(
            (stream, s) => stream.Map(p => p.Value).ReduceByWindow((a, b) => a + b, s.Window, s.Slide),
            (s, end) => s.InWindow(end) is { Length: > 0 } records ? [records.Sum(p => p.Value)] : []);
        Check(
            (stream, s) => stream.Map(p => p.Value).ReduceByWindow((a, b) => a + b, (a, b) => a - b, s.Window, s.Slide),
            (s, end) => s.SeenBy(end) ? [s.InWindow(end).Sum(p => p.Value)] : []);
    }

    private static IEnumerable<(int, int)> Sums(IEnumerable<(int Key, int Value)> records)
        => records.GroupBy(p => p.Key).Select(g => (g.Key, g.Sum(p => p.Value)));
}
