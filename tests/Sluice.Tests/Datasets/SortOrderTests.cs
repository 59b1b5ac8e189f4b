using CsCheck;
using Sluice.Datasets.Operators;

namespace Sluice.Tests.Datasets;

/// <summary>
/// A map task's sort of its bucket, on buckets large enough for the integer keys' radix sort: the same order as LINQ's
/// stable sort, equal keys in arrival order, with keys from a few values (ties in every pass) to any integer (a
/// different byte in every pass).
/// </summary>
public class SortOrderTests
{
    private static readonly Gen<int[]> s_keys = Gen.OneOf(
        Gen.Int[0, 40].Array[0, 3000],
        Gen.Int[-300, 300].Array[400, 3000],
        Gen.Int.Array[400, 3000],
        Gen.Int[int.MaxValue - 3, int.MaxValue].Array[500, 1000]);

    [Fact]
    public void SortStably_IntegerKeys_InTheirDefaultOrder_IsLinqsStableSort()
        => Gen.Select(s_keys, Gen.Bool).Sample((keys, ascending) =>
        {
            var records = keys.Select((key, arrival) => (key, arrival)).ToArray();
            var bucket = records.ToList();
            new SortOrder<int>(Comparer<int>.Default, ascending).SortStably(bucket);
            var expected = ascending ? records.OrderBy(r => r.key) : records.OrderByDescending(r => r.key);
            return bucket.SequenceEqual(expected);
        }, iter: 200);
}
