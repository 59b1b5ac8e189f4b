using CsCheck;
using Sluice.Datasets;

namespace Sluice.Tests.Datasets;

/// <summary>The shuffle operations and partitioners against simple models over random inputs and partition counts.</summary>
public class ShufflePropertyTests(SluiceContextFixture fixture) : IClassFixture<SluiceContextFixture>
{
    private static readonly Gen<((int, int)[] Pairs, int Partitions, int Reducers)> s_input =
        Gen.Select(Gen.Select(Gen.Int[-20, 20], Gen.Int[-1000, 1000]).Array[0, 120], Gen.Int[1, 7], Gen.Int[1, 5]);

    private readonly SluiceContext _sc = fixture.Context;

    [Fact]
    public void ReduceByKey_EqualsGroupSum()
        => s_input.Sample(input =>
        {
            var actual = _sc.Parallelize(input.Pairs, input.Partitions).ReduceByKey((a, b) => a + b, input.Reducers).Collect();
            var expected = input.Pairs.GroupBy(p => p.Item1).Select(g => (g.Key, g.Sum(p => p.Item2)));
            return actual.Order().SequenceEqual(expected.Order()) && actual.Length == actual.Select(p => p.Item1).Distinct().Count();
        }, iter: 60);

    [Fact]
    public void GroupByKey_KeepsEveryValueExactlyOnce()
        => s_input.Sample(input =>
        {
            var actual = _sc.Parallelize(input.Pairs, input.Partitions).GroupByKey(input.Reducers).FlatMapValues(values => values).Collect();
            return actual.Order().SequenceEqual(input.Pairs.Order());
        }, iter: 60);

    [Fact]
    public void SortByKey_IsSortedPermutationAndStable()
        => s_input.Sample(input =>
        {
            var actual = _sc.Parallelize(input.Pairs, input.Partitions).SortByKey(partitions: input.Reducers).Collect();
            return actual.SequenceEqual(input.Pairs.OrderBy(p => p.Item1));
        }, iter: 60);

    [Fact]
    public void SortByKey_Descending_IsStable_AndItsFirstRecordsAreTheSortsFirst()
        => Gen.Select(s_input, Gen.Int[0, 130], Gen.Bool).Sample((input, first, ownComparer) =>
        {
            // Map tasks sort their buckets and the reduce side merges them: equal keys must still come in arrival
            // order (map partition, then place), whether the whole partition is read or only its first records.
            // Integer keys in their default order take a sort of their own; a comparer of the user's the general one.
            var comparer = ownComparer ? Comparer<int>.Create((a, b) => a.CompareTo(b)) : null;
            var sorted = _sc.Parallelize(input.Pairs, input.Partitions).SortByKey(ascending: false, partitions: input.Reducers, comparer: comparer);
            var expected = input.Pairs.OrderByDescending(p => p.Item1).ToArray();
            return sorted.Collect().SequenceEqual(expected) && sorted.Take(first).SequenceEqual(expected.Take(first));
        }, iter: 80);

    [Fact]
    public void Join_EqualsLinqJoin()
        => Gen.Select(s_input, Gen.Select(Gen.Int[-20, 20], Gen.Int[0, 9]).Array[0, 30]).Sample(input =>
        {
            var (left, right) = (input.Item1.Pairs, input.Item2);
            var actual = _sc.Parallelize(left, input.Item1.Partitions).Join(_sc.Parallelize(right, 2), input.Item1.Reducers).Collect();
            var expected = from a in left join b in right on a.Item1 equals b.Item1 select (a.Item1, (a.Item2, b.Item2));
            return actual.Order().SequenceEqual(expected.Order());
        }, iter: 40);

    [Fact]
    public void Repartition_IsPermutation()
        => s_input.Sample(input =>
            _sc.Parallelize(input.Pairs, input.Partitions).Repartition(input.Reducers).Collect().Order().SequenceEqual(input.Pairs.Order()), iter: 60);

    [Fact]
    public void HashPartitioner_AlwaysInRangeAndDeterministic()
        => Gen.Select(Gen.Int, Gen.Int[1, 1000]).Sample(input =>
        {
            var partitioner = new HashPartitioner(input.Item2);
            var partition = partitioner.GetPartition(input.Item1);
            return partition >= 0 && partition < input.Item2 && partition == new HashPartitioner(input.Item2).GetPartition(input.Item1);
        });

    [Fact]
    public void HashPartitioner_StringsAndNull_InRange()
        => Gen.Select(Gen.String, Gen.Int[1, 64]).Sample(input =>
        {
            var partitioner = new HashPartitioner(input.Item2);
            return partitioner.GetPartition(input.Item1) is var p && p >= 0 && p < input.Item2 && partitioner.GetPartition<string?>(null) == 0;
        });

    [Fact]
    public void HashPartitioner_StringKeys_AreStableAcrossProcesses()
    {
        // FNV-1a of "spark" is 1060053354 in every process; string.GetHashCode would differ run to run.
        Assert.Equal(1060053354, HashPartitioner.StableHash("spark"));
        Assert.Equal(3, new HashPartitioner(7).GetPartition("spark"));
    }

    [Fact]
    public void Partitioners_TypedFunction_AgreesWithGetPartition()
        => Gen.Select(Gen.String, Gen.Int, Gen.Int[1, 16]).Sample(input =>
        {
            var hash = new HashPartitioner(input.Item3);
            var range = RangePartitioner<int>.Create(_sc.Parallelize(Enumerable.Range(-50, 100).Select(k => (k, 0)), 2), input.Item3, Comparer<int>.Default, ascending: false);
            return hash.ForKeys<string>()(input.Item1) == hash.GetPartition(input.Item1)
                && hash.ForKeys<int>()(input.Item2) == hash.GetPartition(input.Item2)
                && range.ForKeys<int>()(input.Item2) == range.GetPartition(input.Item2);
        }, iter: 100);

    [Fact]
    public void RangePartitioner_IsMonotonicAndInRange()
        => Gen.Select(Gen.Int[-500, 500].Array[1, 200], Gen.Int[1, 9], Gen.Bool).Sample(input =>
        {
            var (keys, partitions, ascending) = input;
            var rdd = _sc.Parallelize(keys.Select(k => (k, 0)), 3);
            var partitioner = RangePartitioner<int>.Create(rdd, partitions, Comparer<int>.Default, ascending);
            var placed = keys.Order().Select(partitioner.GetPartition).ToArray();
            var inRange = placed.All(p => p >= 0 && p < partitioner.PartitionCount) && partitioner.PartitionCount <= partitions;
            var monotonic = ascending ? placed.SequenceEqual(placed.Order()) : placed.SequenceEqual(placed.OrderDescending());
            return inRange && monotonic;
        }, iter: 60);

    [Fact]
    public void RangePartitioner_SpreadsDistinctKeysRoughlyEvenly()
    {
        var rdd = _sc.Parallelize(Enumerable.Range(0, 10_000).Select(k => (k, 0)), 4);
        var partitioner = RangePartitioner<int>.Create(rdd, 4, Comparer<int>.Default, ascending: true);
        var sizes = Enumerable.Range(0, 10_000).GroupBy(partitioner.GetPartition).Select(g => g.Count()).ToArray();
        Assert.Equal(4, sizes.Length);
        Assert.All(sizes, size => Assert.InRange(size, 1_500, 3_500));
    }
}
