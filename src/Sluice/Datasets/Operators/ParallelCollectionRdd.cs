using Sluice.Execution;
using Sluice.Storage;

namespace Sluice.Datasets.Operators;

/// <summary>
/// A local array cut into contiguous slices, one per partition. Under a cluster master the slices are kept in the
/// driver's block store instead, and each task fetches its own slice: a stage's binary carries no data, as Spark's
/// tasks carry only their partition's slice.
/// </summary>
internal sealed class ParallelCollectionRdd<T> : Rdd<T>
{
    private readonly T[]? _data; // null when the slices are blocks of the driver's store
    private readonly int _slices;

    public ParallelCollectionRdd(SluiceContext context, T[] data, int slices)
        : base(context, "parallelize")
    {
        _slices = slices;
        if (context.Remote is null || data.Length == 0)
        {
            _data = data;
            return;
        }

        for (var partition = 0; partition < slices; partition++)
        {
            context.Blocks.Put(BlockId.ForSlice(Id, partition), Slice(data, partition).ToArray());
        }
    }

    /// <summary>The slices kept in the driver's store go when the dataset does.</summary>
    ~ParallelCollectionRdd()
    {
        if (_data is null && Context.Remote is not null && !Context.IsDisposed)
        {
            for (var partition = 0; partition < _slices; partition++)
            {
                Context.Blocks.Remove(BlockId.ForSlice(Id, partition));
            }
        }
    }

    public override int PartitionCount => _slices;

    internal override IReadOnlyList<Dependency> Dependencies => [];

    internal override void Push(int partition, TaskContext context, RecordSink<T> sink)
    {
        if (StorageLevel != StorageLevel.None)
        {
            base.Push(partition, context, sink);
            return;
        }

        foreach (var record in (ArraySegment<T>)Compute(partition, context))
        {
            sink.Push(record);
        }
    }

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
        => _data is not null ? Slice(_data, partition)
            : Context.Blocks.TryGet(BlockId.ForSlice(Id, partition), out var block) ? new ArraySegment<T>((T[])block)
            : throw new InvalidOperationException($"Slice {partition} of {Description} is not in the driver's block store: the driver dropped it, which it does only once the dataset is no longer used.");

    /// <summary>Slice boundaries as Spark's ParallelCollectionRDD.positions: partition i holds [i*n/s, (i+1)*n/s).</summary>
    private ArraySegment<T> Slice(T[] data, int partition)
    {
        var start = (int)((long)partition * data.Length / _slices);
        var end = (int)((long)(partition + 1) * data.Length / _slices);
        return new ArraySegment<T>(data, start, end - start);
    }
}
