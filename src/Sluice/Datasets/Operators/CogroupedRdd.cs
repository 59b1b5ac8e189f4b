using System.Runtime.InteropServices;
using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>
/// Two pair datasets shuffled by the same partitioner and grouped per key: for each key present in either, the
/// values from the left and from the right. The join family is built on it.
/// </summary>
internal sealed class CogroupedRdd<TKey, TLeft, TRight> : Rdd<(TKey, (IReadOnlyList<TLeft>, IReadOnlyList<TRight>))>
    where TKey : notnull
{
    private readonly KeyedShuffleDependency<TKey, TLeft, TLeft> _left;
    private readonly KeyedShuffleDependency<TKey, TRight, TRight> _right;

    public CogroupedRdd(Rdd<(TKey, TLeft)> left, Rdd<(TKey, TRight)> right, Partitioner partitioner)
        : base(left.Context, "cogroup")
    {
        _left = new KeyedShuffleDependency<TKey, TLeft, TLeft>(left, partitioner, aggregator: null, mapSideCombine: false);
        _right = new KeyedShuffleDependency<TKey, TRight, TRight>(right, partitioner, aggregator: null, mapSideCombine: false);
        Dependencies = [_left, _right];
    }

    public override int PartitionCount => _left.Partitioner.PartitionCount;

    public override Partitioner Partitioner => _left.Partitioner;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(TKey, (IReadOnlyList<TLeft>, IReadOnlyList<TRight>))> Compute(int partition, TaskContext context)
    {
        // Keys keep first-seen order (left before right) so results are deterministic run to run.
        var groups = new Dictionary<TKey, (List<TLeft> Left, List<TRight> Right)>();
        foreach (var bucket in Context.Shuffles.ReadBuckets<(TKey, TLeft)>(_left.ShuffleId, partition))
        {
            foreach (var (key, value) in bucket)
            {
                Group(groups, key).Left.Add(value);
            }
        }

        foreach (var bucket in Context.Shuffles.ReadBuckets<(TKey, TRight)>(_right.ShuffleId, partition))
        {
            foreach (var (key, value) in bucket)
            {
                Group(groups, key).Right.Add(value);
            }
        }

        return groups.Select(pair => (pair.Key, ((IReadOnlyList<TLeft>)pair.Value.Left, (IReadOnlyList<TRight>)pair.Value.Right)));
    }

    private static (List<TLeft> Left, List<TRight> Right) Group(Dictionary<TKey, (List<TLeft>, List<TRight>)> groups, TKey key)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out var exists);
        if (!exists)
        {
            slot = ([], []);
        }

        return slot;
    }
}
