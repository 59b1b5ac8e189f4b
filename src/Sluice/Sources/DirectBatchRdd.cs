using Sluice.Datasets;
using Sluice.Datasets.Operators;
using Sluice.Execution;

namespace Sluice.Sources;

/// <summary>
/// One batch of a direct input stream: one partition per position, read inside the task. Each partition's records
/// are counted the first time it is read to its end, so a batch whose sources do not know their records before
/// reading (files) still reports how many it read. On executor processes, a partition whose position names where it
/// reads (<paramref name="placements"/>) runs on the same executor as that place's partitions of earlier batches.
/// </summary>
internal sealed class DirectBatchRdd<T, TPosition>(
    SluiceContext context, string kind, IReadOnlyList<TPosition> positions, Func<TPosition, int, CancellationToken, IEnumerable<T>> read, IReadOnlyList<PartitionKey?> placements)
    : Rdd<T>(context, kind), IHasPositions<TPosition>, ICountsRecordsRead, IPlacedRdd
{
    private readonly long[] _counted = [.. positions.Select(_ => -1L)];

    public IReadOnlyList<TPosition> Positions => positions;

    /// <summary>The records of the partitions read to their end so far.</summary>
    public long RecordsRead
    {
        get
        {
            var total = 0L;
            for (var partition = 0; partition < _counted.Length; partition++)
            {
                total += Math.Max(0, Volatile.Read(ref _counted[partition]));
            }

            return total;
        }
    }

    public override int PartitionCount => positions.Count;

    public PartitionKey? PlacementOf(int partition) => placements[partition];

    internal override IReadOnlyList<Dependency> Dependencies => [];

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
        => new TaggedEnumerable<T>(Counted(positions[partition], partition, context), this);

    private IEnumerable<T> Counted(TPosition position, int partition, TaskContext context)
    {
        var count = 0L;
        foreach (var record in read(position, context.Attempt, context.CancellationToken))
        {
            count++;
            yield return record;
        }

        context.RecordsRead.Add((Id, partition, count));
    }

    /// <summary>A task retried or a dataset read twice (two outputs, no cache) counts its partition once.</summary>
    public void CountRead(int partition, long records) => Interlocked.CompareExchange(ref _counted[partition], records, -1);
}
