using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>A local array cut into contiguous slices, one per partition.</summary>
internal sealed class ParallelCollectionRdd<T>(SluiceContext context, T[] data, int slices)
    : Rdd<T>(context, "parallelize")
{
    public override int PartitionCount => slices;

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
    {
        // Slice boundaries as Spark's ParallelCollectionRDD.positions: partition i holds [i*n/s, (i+1)*n/s).
        var start = (int)((long)partition * data.Length / slices);
        var end = (int)((long)(partition + 1) * data.Length / slices);
        return new ArraySegment<T>(data, start, end - start);
    }
}
