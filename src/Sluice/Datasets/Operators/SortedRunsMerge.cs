namespace Sluice.Datasets.Operators;

/// <summary>
/// The reduce side of a sorting shuffle: the map tasks' sorted buckets, merged as they are read. Equal keys come
/// in map partition order, then in their order in a bucket, which is what a stable sort of the buckets one after
/// the other gives. Reading only the first records (<c>take</c>) merges only those. A comparer that throws names
/// <paramref name="owner"/>.
/// </summary>
internal sealed class SortedRunsMerge<TKey, TValue>(IReadOnlyList<List<(TKey, TValue)>> runs, SortOrder<TKey> order, Rdd owner)
    : RecordEnumerator<(TKey, TValue)>
{
    private readonly int[] _positions = new int[runs.Count];
    private PriorityQueue<int, (TKey Key, int Arrival)>? _heads;

    public override int KnownCount => runs.Sum(run => run.Count);

    public override bool MoveNext()
    {
        try
        {
            var heads = _heads ??= FirstHeads();
            if (!heads.TryDequeue(out var run, out _))
            {
                return false;
            }

            var records = runs[run];
            var position = _positions[run]++;
            Current = records[position];
            if (position + 1 < records.Count)
            {
                heads.Enqueue(run, (records[position + 1].Item1, run));
            }

            return true;
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }
    }

    public override void Dispose()
    {
    }

    protected override RecordEnumerator<(TKey, TValue)> Clone() => new SortedRunsMerge<TKey, TValue>(runs, order, owner);

    /// <summary>Each non-empty run's first key, the run's number breaking ties between equal keys.</summary>
    private PriorityQueue<int, (TKey Key, int Arrival)> FirstHeads()
    {
        var heads = new PriorityQueue<int, (TKey Key, int Arrival)>(runs.Count, order);
        for (var run = 0; run < runs.Count; run++)
        {
            if (runs[run].Count > 0)
            {
                heads.Enqueue(run, (runs[run][0].Item1, run));
            }
        }

        return heads;
    }
}
