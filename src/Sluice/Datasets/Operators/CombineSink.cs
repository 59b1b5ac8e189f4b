using System.Runtime.InteropServices;

namespace Sluice.Datasets.Operators;

/// <summary>The end of a map task's pipeline under map-side combining: folds each pushed value into its key's combiner.</summary>
internal sealed class CombineSink<TKey, TValue, TCombiner>(Aggregator<TValue, TCombiner> aggregator) : RecordSink<(TKey, TValue)>
    where TKey : notnull
{
    private readonly Func<TValue, TCombiner> _createCombiner = aggregator.CreateCombiner;
    private readonly Func<TCombiner, TValue, TCombiner> _mergeValue = aggregator.MergeValue;

    public Dictionary<TKey, TCombiner> Combined { get; } = [];

    public override void Push((TKey, TValue) record)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Combined, record.Item1, out var exists);
        slot = exists ? _mergeValue(slot!, record.Item2) : _createCombiner(record.Item2);
    }
}
