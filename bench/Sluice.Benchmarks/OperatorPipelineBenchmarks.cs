using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Sluice.Datasets;

namespace Sluice.Benchmarks;

/// <summary>
/// The narrow pipeline of a word count (flatMap, filter, map) with map-side combining, on one worker thread,
/// against the same loop written by hand: what the engine's per-record dispatch costs.
/// </summary>
[MemoryDiagnoser]
public class OperatorPipelineBenchmarks
{
    private SluiceContext _context = null!;
    private string[] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lines = [.. Enumerable.Repeat(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log")), 10).SelectMany(x => x)];
        _context = new SluiceContext(new SluiceOptions { Master = "local[1]" });
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    [Benchmark(Baseline = true)]
    public int HandWrittenLoop()
    {
        var counts = new Dictionary<string, int>();
        foreach (var line in _lines)
        {
            foreach (var word in line.Split(' '))
            {
                if (word.Length > 0)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
                }
            }
        }

        return counts.Count;
    }

    [Benchmark]
    public long EnginePipeline()
        => _context.Parallelize(_lines, 1)
            .FlatMap(line => line.Split(' '))
            .Filter(word => word.Length > 0)
            .Map(word => (word, 1))
            .ReduceByKey((a, b) => a + b)
            .Count();
}
