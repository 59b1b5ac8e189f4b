using Sluice.Execution;
using Sluice.Text;

namespace Sluice.Datasets.Operators;

/// <summary>
/// The shuffle of a pair dataset by key. With map-side combining, each map task first folds its values per key
/// (one dictionary lookup per record, no allocation for a key already seen) and only then buckets the distinct
/// keys, so the partitioner runs once per key rather than once per record. With a key order (<c>sortByKey</c>), each
/// map task sorts its buckets, and the reduce side merges them.
/// </summary>
internal sealed class KeyedShuffleDependency<TKey, TValue, TCombiner>(
    Rdd<(TKey, TValue)> parent,
    Partitioner partitioner,
    Aggregator<TValue, TCombiner>? aggregator,
    bool mapSideCombine,
    SortOrder<TKey>? keyOrder = null)
    : ShuffleDependency(parent, partitioner, parent.Context.NewShuffleId())
    where TKey : notnull
{
    public Aggregator<TValue, TCombiner>? Aggregator { get; } = aggregator;

    /// <summary>Whether map outputs hold combiners (<c>(K, C)</c>) rather than raw values (<c>(K, V)</c>).</summary>
    public bool MapSideCombine { get; } = mapSideCombine && aggregator is not null;

    /// <summary>The order each bucket of raw values is sorted in before it is written; null to leave them in arrival order.</summary>
    public SortOrder<TKey>? KeyOrder { get; } = keyOrder;

    public override void RunMapTask(int mapPartition, TaskContext context)
    {
        var shuffles = parent.Context.Shuffles;
        if (MapSideCombine)
        {
            // Pushed, not pulled: the narrow operators before the shuffle run as nested calls into the dictionary.
            var sink = new CombineSink<TKey, TValue, TCombiner>(Aggregator!);
            try
            {
                parent.Push(mapPartition, context, sink);
            }
            catch (Exception error) when (OperatorErrors.OperatorOf(error) is null)
            {
                OperatorErrors.Record(error, OperatorThatThrew(mapPartition, context, error));
                throw;
            }

            shuffles.WriteMapOutput(ShuffleId, mapPartition, Bucket(sink.Combined));
            sink.Release();
        }
        else
        {
            shuffles.WriteMapOutput(ShuffleId, mapPartition, Bucket(parent.Iterator(mapPartition, context)));
        }
    }

    /// <summary>
    /// Names the operator behind a failure of the push path, whose sinks tag nothing (<see cref="RecordSink{T}"/>):
    /// runs the partition again through the enumerators, which do, and takes the operator that throws the same
    /// type of exception there (the aggregation's own when only the combining functions threw). Null when the
    /// failure does not come back the same way, so that a failure seen once is not pinned on the wrong operator. A
    /// failure of the engine's own (a lost shuffle, a cancelled job) is not replayed and names the aggregation.
    /// </summary>
    private string? OperatorThatThrew(int mapPartition, TaskContext context, Exception error)
    {
        var aggregation = (Consumer ?? Parent).Description;
        if (error is OperationCanceledException or OutOfMemoryException or FetchFailedException or StateVersionLostException)
        {
            return aggregation;
        }

        var replay = new CombineSink<TKey, TValue, TCombiner>(Aggregator!);
        try
        {
            foreach (var record in parent.Iterator(mapPartition, context))
            {
                replay.Push(record);
            }
        }
        catch (Exception again) when (again.GetType() == error.GetType())
        {
            return OperatorErrors.OperatorOf(again) ?? aggregation;
        }
        catch (Exception)
        {
            // Another failure than the first: it names nothing about the first.
        }

        return null;
    }

    private List<(TKey, T)>[] Bucket<T>(Dictionary<TKey, T> combined)
    {
        var buckets = NewBuckets<T>(combined.Count);
        var partitionOf = PartitionFunction(buckets.Length);
        foreach (var (key, value) in combined)
        {
            buckets[partitionOf(key)].Add((Compacted(key), value));
        }

        return buckets;
    }

    private List<(TKey, TValue)>[] Bucket(IEnumerable<(TKey, TValue)> records)
    {
        var buckets = NewBuckets<TValue>(Math.Max(0, RecordEnumerator<(TKey, TValue)>.CountIfKnown(records)));
        var partitionOf = PartitionFunction(buckets.Length);
        foreach (var record in records)
        {
            buckets[partitionOf(record.Item1)].Add((Compacted(record.Item1), record.Item2));
        }

        if (KeyOrder is { } order)
        {
            try
            {
                foreach (var bucket in buckets)
                {
                    order.SortStably(bucket);
                }
            }
            catch (Exception e) when (OperatorErrors.Tag(e, Consumer ?? Parent))
            {
                throw; // A comparer of the user's threw: the sort is its operator's.
            }
        }

        return buckets;
    }

    /// <summary>
    /// A text key in a buffer of its own: a word cut from a received block would otherwise keep the whole block alive
    /// for as long as the key lives on, in a window or in state. One copy per distinct key of a map task.
    /// </summary>
    private static TKey Compacted(TKey key) => typeof(TKey) == typeof(Utf8Text) ? (TKey)(object)((Utf8Text)(object)key).Compact() : key;

    /// <summary>The partition of a key: no hashing at all when there is one bucket.</summary>
    private Func<TKey, int> PartitionFunction(int buckets) => buckets == 1 ? static _ => 0 : Partitioner.ForKeys<TKey>();

    /// <summary>
    /// One bucket per reduce partition, each sized for an even share of <paramref name="expected"/> records and a
    /// margin: hashed keys give a bucket its share give or take about its square root, and a bucket one record over
    /// its size would double it, making its large array twice. Four square roots of room make that rare.
    /// </summary>
    private List<(TKey, T)>[] NewBuckets<T>(int expected)
    {
        var buckets = new List<(TKey, T)>[Partitioner.PartitionCount];
        var share = expected / buckets.Length;
        var size = buckets.Length == 1 ? expected : share + (4 * (int)Math.Sqrt(share)) + 1;
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new List<(TKey, T)>(size);
        }

        return buckets;
    }
}
