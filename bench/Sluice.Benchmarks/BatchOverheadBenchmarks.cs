using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Sluice.Datasets;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>One empty batch with one output operation, from the clock tick to the completion event.</summary>
[MemoryDiagnoser]
public class BatchOverheadBenchmarks
{
    private StreamingTestContext _test = null!;

    [GlobalSetup]
    public void Setup()
    {
        _test = new StreamingTestContext(TimeSpan.FromMilliseconds(100), "local[2]");
        var empty = _test.Context.SluiceContext.Parallelize(Array.Empty<int>(), 2);
        _test.Context.QueueStream(new ConcurrentQueue<Rdd<int>>(), defaultRdd: empty).ForeachRdd(rdd => rdd.Count());
    }

    [GlobalCleanup]
    public void Cleanup() => _test.Dispose();

    [Benchmark]
    public Task EmptyBatch() => _test.RunBatchesAsync(1);
}
