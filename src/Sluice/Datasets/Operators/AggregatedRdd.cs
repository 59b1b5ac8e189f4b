using System.Runtime.InteropServices;
using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>
/// The reduce side of an aggregating shuffle (reduceByKey, combineByKey, groupByKey): merges what the map tasks
/// wrote into one combiner per key.
/// </summary>
internal sealed class AggregatedRdd<TKey, TValue, TCombiner> : Rdd<(TKey, TCombiner)>
    where TKey : notnull
{
    private readonly KeyedShuffleDependency<TKey, TValue, TCombiner> _dependency;

    public AggregatedRdd(
        Rdd<(TKey, TValue)> parent, Partitioner partitioner, Aggregator<TValue, TCombiner> aggregator, bool mapSideCombine, string operatorName)
        : base(parent.Context, operatorName)
    {
        _dependency = new KeyedShuffleDependency<TKey, TValue, TCombiner>(parent, partitioner, aggregator, mapSideCombine);
        _dependency.Consumer = this;
        Dependencies = [_dependency];
    }

    public override int PartitionCount => _dependency.Partitioner.PartitionCount;

    public override Partitioner Partitioner => _dependency.Partitioner;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(TKey, TCombiner)> Compute(int partition, TaskContext context)
    {
        var aggregator = _dependency.Aggregator!;
        Dictionary<TKey, TCombiner> merged;
        try
        {
            if (_dependency.MapSideCombine)
            {
                // Every map task wrote distinct keys, so the buckets' total bounds the result from above: sized for it
                // once, the dictionary never grows (with many keys each growth made large arrays to collect).
                var buckets = Context.Shuffles.ReadBuckets<(TKey, TCombiner)>(_dependency.ShuffleId, partition).ToArray();
                if (buckets.Length == 1)
                {
                    return buckets[0]; // One map output: its keys are already distinct and combined.
                }

                merged = new Dictionary<TKey, TCombiner>(buckets.Sum(bucket => bucket.Count));
                var mergeCombiners = aggregator.MergeCombiners;
                foreach (var bucket in buckets)
                {
                    foreach (var (key, combiner) in bucket)
                    {
                        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(merged, key, out var exists);
                        slot = exists ? mergeCombiners(slot!, combiner) : combiner;
                    }
                }
            }
            else
            {
                merged = [];
                var createCombiner = aggregator.CreateCombiner;
                var mergeValue = aggregator.MergeValue;
                foreach (var bucket in Context.Shuffles.ReadBuckets<(TKey, TValue)>(_dependency.ShuffleId, partition))
                {
                    foreach (var (key, value) in bucket)
                    {
                        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(merged, key, out var exists);
                        slot = exists ? mergeValue(slot!, value) : createCombiner(value);
                    }
                }
            }
        }
        catch (Exception e) when (OperatorErrors.Tag(e, this))
        {
            throw;
        }

        return new DictionaryPairs<TKey, TCombiner>(merged);
    }
}
