using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Sluice.Datasets.Operators;

/// <summary>
/// The order of a sorting shuffle (<c>sortByKey</c>): keys by <paramref name="order"/>, ascending or descending, and
/// equal keys by where they came from (their place in a bucket, or the map partition of their run), so that every
/// sort it makes keeps arrival order as a stable sort does.
/// </summary>
internal readonly struct SortOrder<TKey>(IComparer<TKey> order, bool ascending) : IComparer<(TKey Key, int Arrival)>
{
    public int Compare((TKey Key, int Arrival) x, (TKey Key, int Arrival) y)
    {
        var byKey = ascending ? order.Compare(x.Key, y.Key) : order.Compare(y.Key, x.Key);
        return byKey != 0 ? byKey : x.Arrival.CompareTo(y.Arrival);
    }

    /// <summary>
    /// Sorts one map task's bucket in place, equal keys kept in arrival order: the sort then runs in the map tasks,
    /// in parallel, and the reduce side only merges sorted runs. Its scratch arrays are pooled.
    /// </summary>
    public void SortStably<TValue>(List<(TKey, TValue)> bucket)
    {
        var records = CollectionsMarshal.AsSpan(bucket);
        if (records.Length < 2)
        {
            return;
        }

        // By type, not by instance: a task read in an executor process holds its own copy of the default comparer.
        if (typeof(TKey) == typeof(int) && order.GetType() == Comparer<int>.Default.GetType())
        {
            SortByIntKey(records);
            return;
        }

        var keys = ArrayPool<(TKey Key, int Arrival)>.Shared.Rent(records.Length);
        var copy = ArrayPool<(TKey, TValue)>.Shared.Rent(records.Length);
        try
        {
            for (var i = 0; i < records.Length; i++)
            {
                keys[i] = (records[i].Item1, i);
            }

            try
            {
                keys.AsSpan(0, records.Length).Sort(this);
            }
            catch (InvalidOperationException wrapped) when (wrapped.InnerException is { } thrown)
            {
                // The sort wraps what a comparer throws; the user's own exception is the one to report.
                ExceptionDispatchInfo.Capture(thrown).Throw();
            }

            records.CopyTo(copy);
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = copy[keys[i].Arrival];
            }
        }
        finally
        {
            ArrayPool<(TKey Key, int Arrival)>.Shared.Return(keys, RuntimeHelpers.IsReferenceOrContainsReferences<TKey>());
            ArrayPool<(TKey, TValue)>.Shared.Return(copy, RuntimeHelpers.IsReferenceOrContainsReferences<(TKey, TValue)>());
        }
    }

    /// <summary>
    /// Integer keys in their natural order (counts, in a word count sorted by count): each record's key and place
    /// packed into one 64-bit number, the key's bits above (flipped so that unsigned order is the wanted one) and the
    /// place below. Sorting those numbers is a primitive sort with no comparer, and stable by construction.
    /// </summary>
    private void SortByIntKey<TValue>(Span<(TKey, TValue)> records)
    {
        var packed = ArrayPool<ulong>.Shared.Rent(records.Length);
        var copy = ArrayPool<(TKey, TValue)>.Shared.Rent(records.Length);
        try
        {
            for (var i = 0; i < records.Length; i++)
            {
                var key = (uint)Unsafe.As<TKey, int>(ref records[i].Item1) ^ 0x8000_0000u;
                packed[i] = ((ulong)(ascending ? key : ~key) << 32) | (uint)i;
            }

            packed.AsSpan(0, records.Length).Sort();
            records.CopyTo(copy);
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = copy[(int)(uint)packed[i]];
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(packed);
            ArrayPool<(TKey, TValue)>.Shared.Return(copy, RuntimeHelpers.IsReferenceOrContainsReferences<(TKey, TValue)>());
        }
    }
}
