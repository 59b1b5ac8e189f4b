using System.Runtime.InteropServices;

namespace Sluice.ML;

/// <summary>A partition's records as a span when they are in an array or a list, as blocks and cached partitions are.</summary>
internal static class Records
{
    /// <summary>
    /// True with <paramref name="span"/> over <paramref name="records"/> when they are an array, an array segment or a
    /// list: a training pass then reads them by index, without an enumerator's two interface calls per record.
    /// </summary>
    public static bool TryGetSpan<T>(IEnumerable<T> records, out ReadOnlySpan<T> span)
    {
        switch (records)
        {
            case T[] array:
                span = array;
                return true;
            case ArraySegment<T> segment:
                span = segment;
                return true;
            case List<T> list:
                span = CollectionsMarshal.AsSpan(list);
                return true;
            default:
                span = default;
                return false;
        }
    }
}
