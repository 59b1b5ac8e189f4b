using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Sluice.Datasets;

namespace Sluice.Benchmarks;

/// <summary>ReduceByKey over binary (long, long) records, 100k distinct keys: map-side combine, bucketing and merge, against one dictionary loop.</summary>
[MemoryDiagnoser]
public class ShuffleBenchmarks
{
    private SluiceContext _context = null!;
    private (long, long)[] _records = null!;

    [Params(1, 2)]
    public int Partitions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _records = [.. Enumerable.Range(0, 1_000_000).Select(_ => ((long)random.Next(100_000), 1L))];
        _context = new SluiceContext(new SluiceOptions { Master = $"local[{Partitions}]" });
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    [Benchmark(Baseline = true)]
    public int HandWrittenLoop()
    {
        var sums = new Dictionary<long, long>();
        foreach (var (key, value) in _records)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _) += value;
        }

        return sums.Count;
    }

    [Benchmark]
    public long ReduceByKey() => _context.Parallelize(_records, Partitions).ReduceByKey((a, b) => a + b).Count();
}
