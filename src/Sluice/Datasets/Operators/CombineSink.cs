using System.Runtime.InteropServices;

namespace Sluice.Datasets.Operators;

/// <summary>
/// The end of a map task's pipeline under map-side combining: folds each pushed value into its key's combiner.
/// The dictionary is reused by the next map task of the same types on the same thread, emptied but at its size: with
/// many distinct keys, growing a new one every batch through every power of two made large arrays that only a full
/// collection frees.
/// </summary>
internal sealed class CombineSink<TKey, TValue, TCombiner>(Aggregator<TValue, TCombiner> aggregator) : RecordSink<(TKey, TValue)>
    where TKey : notnull
{
    /// <summary>Past this many keys a dictionary is not kept for reuse: one burst must not hold its memory for good.</summary>
    private const int MaxReusedKeys = 1 << 20;

    [ThreadStatic]
    private static Dictionary<TKey, TCombiner>? t_spare;

    private readonly Func<TValue, TCombiner> _createCombiner = aggregator.CreateCombiner;
    private readonly Func<TCombiner, TValue, TCombiner> _mergeValue = aggregator.MergeValue;

    public Dictionary<TKey, TCombiner> Combined { get; } = Interlocked.Exchange(ref t_spare, null) ?? [];

    public override void Push((TKey, TValue) record)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Combined, record.Item1, out var exists);
        slot = exists ? _mergeValue(slot!, record.Item2) : _createCombiner(record.Item2);
    }

    /// <summary>Empties the dictionary once its keys are bucketed, and keeps it for this thread's next map task.</summary>
    public void Release()
    {
        if (Combined.Count <= MaxReusedKeys)
        {
            Combined.Clear();
            t_spare = Combined;
        }
    }
}
