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
    /// <summary>Smaller buckets take the comparison sort: each radix pass clears and walks 256 counters, whatever the bucket's size.</summary>
    private const int RadixSortFrom = 512;

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
    /// place below. Sorting those numbers needs no comparer and is stable by construction.
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

            if (records.Length < RadixSortFrom)
            {
                packed.AsSpan(0, records.Length).Sort();
            }
            else
            {
                RadixSortByKeyBits(packed.AsSpan(0, records.Length));
            }

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

    /// <summary>
    /// Sorts packed numbers by their upper 32 bits (the key), a byte at a time from the lowest. Each pass is stable
    /// and the numbers start in arrival order, so equal keys keep it without the lower bits being sorted at all. A
    /// pass whose byte is the same in every number is skipped: counts in a word count differ mostly in their lowest
    /// byte, so most sorts take one or two passes instead of a comparison sort's n log n.
    /// </summary>
    private static void RadixSortByKeyBits(Span<ulong> values)
    {
        var rented = ArrayPool<ulong>.Shared.Rent(values.Length);
        try
        {
            // Every byte's counts in one read of the numbers: a byte's counts do not change as the passes reorder them.
            Span<int> counts = stackalloc int[4 * 256];
            foreach (var value in values)
            {
                var key = (uint)(value >> 32);
                counts[(int)(key & 0xFF)]++;
                counts[256 + (int)((key >> 8) & 0xFF)]++;
                counts[512 + (int)((key >> 16) & 0xFF)]++;
                counts[768 + (int)(key >> 24)]++;
            }

            var from = values;
            var to = rented.AsSpan(0, values.Length);
            for (var pass = 0; pass < 4; pass++)
            {
                var shift = 32 + (8 * pass);
                var starts = counts.Slice(256 * pass, 256);
                if (starts[(int)(from[0] >> shift) & 0xFF] == from.Length)
                {
                    continue; // every key has this byte
                }

                for (int digit = 0, start = 0; digit < starts.Length; digit++)
                {
                    (starts[digit], start) = (start, start + starts[digit]);
                }

                foreach (var value in from)
                {
                    to[starts[(int)(value >> shift) & 0xFF]++] = value;
                }

                var sorted = to;
                to = from;
                from = sorted;
            }

            if (from != values)
            {
                from.CopyTo(values);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }
}
