using System.Runtime.CompilerServices;

namespace Sluice.Datasets;

/// <summary>
/// Spreads sortable keys over roughly equal ranges, so that sorting each partition sorts the whole dataset.
/// Bounds come from a sample of the keys (a job over the parent dataset), as Spark's <c>RangePartitioner</c>.
/// </summary>
internal sealed class RangePartitioner<TKey> : Partitioner
{
    private readonly TKey[] _bounds;
    private readonly IComparer<TKey> _comparer;
    private readonly bool _ascending;

    private RangePartitioner(TKey[] bounds, IComparer<TKey> comparer, bool ascending)
    {
        _bounds = bounds;
        _comparer = comparer;
        _ascending = ascending;
    }

    public override int PartitionCount => _bounds.Length + 1;

    /// <summary>Samples <paramref name="keys"/> and picks <paramref name="partitions"/> − 1 bounds.</summary>
    public static RangePartitioner<TKey> Create<TValue>(
        Rdd<(TKey, TValue)> keys, int partitions, IComparer<TKey> comparer, bool ascending)
    {
        if (partitions <= 1 || keys.PartitionCount == 0)
        {
            return new RangePartitioner<TKey>([], comparer, ascending);
        }

        // Three times over-sampled, as Spark: about 60 samples per output partition in all.
        var perPartition = Math.Max(20, (int)Math.Ceiling(3.0 * 20 * partitions / keys.PartitionCount));
        var samples = keys.RunJob("sample for sortByKey", (task, records) => Reservoir(records, perPartition, task.PartitionIndex));
        var weighted = new List<(TKey Key, double Weight)>();
        foreach (var (count, sample) in samples)
        {
            // Each sampled key stands for count / sample.Length keys of its partition.
            weighted.AddRange(sample.Select(key => (key, (double)count / sample.Length)));
        }

        weighted.Sort((a, b) => comparer.Compare(a.Key, b.Key));
        return new RangePartitioner<TKey>(PickBounds(weighted, partitions, comparer), comparer, ascending);
    }

    public override int GetPartition<T>(T key)
    {
        if (typeof(T) != typeof(TKey))
        {
            throw new InvalidOperationException($"This range partitioner orders keys of type {typeof(TKey)}, not {typeof(T)}.");
        }

        return PartitionOf(Unsafe.As<T, TKey>(ref key));
    }

    internal override Func<T, int> ForKeys<T>()
        => typeof(T) == typeof(TKey) ? (Func<T, int>)(object)(Func<TKey, int>)PartitionOf : base.ForKeys<T>();

    private int PartitionOf(TKey typed)
    {
        // The partition is the number of bounds strictly below the key (lower-bound binary search).
        int low = 0, high = _bounds.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_comparer.Compare(_bounds[mid], typed) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return _ascending ? low : _bounds.Length - low;
    }

    private static (long Count, TKey[] Sample) Reservoir<TValue>(IEnumerable<(TKey, TValue)> records, int size, int seed)
    {
        var random = new Random(seed);
        var sample = new List<TKey>(size);
        long seen = 0;
        foreach (var (key, _) in records)
        {
            seen++;
            if (sample.Count < size)
            {
                sample.Add(key);
            }
            else
            {
                var slot = random.NextInt64(seen);
                if (slot < size)
                {
                    sample[(int)slot] = key;
                }
            }
        }

        return (seen, [.. sample]);
    }

    private static TKey[] PickBounds(List<(TKey Key, double Weight)> candidates, int partitions, IComparer<TKey> comparer)
    {
        var total = candidates.Sum(c => c.Weight);
        var step = total / partitions;
        var bounds = new List<TKey>(partitions - 1);
        double cumulative = 0, target = step;
        foreach (var (key, weight) in candidates)
        {
            cumulative += weight;
            if (cumulative >= target && bounds.Count < partitions - 1)
            {
                // Equal bounds would leave a partition empty by construction; skip duplicates.
                if (bounds.Count == 0 || comparer.Compare(bounds[^1], key) < 0)
                {
                    bounds.Add(key);
                    target += step;
                }
            }
        }

        return [.. bounds];
    }
}
