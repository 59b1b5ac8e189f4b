using Sluice.Datasets;

namespace Sluice.Streams.Operators;

/// <summary>
/// Every record of the parent's datasets within the window ending at each slide: the union of those datasets,
/// which keeps their partitioning when they share it. The parent's datasets are cached, as in Spark, so a record
/// is computed once however many windows it falls in.
/// </summary>
internal sealed class WindowedDStream<T> : DStream<T>
{
    private readonly DStream<T> _parent;
    private readonly TimeSpan _window;
    private readonly TimeSpan _slide;

    public WindowedDStream(DStream<T> parent, TimeSpan window, TimeSpan slide)
        : base(parent.Context, "window")
    {
        _parent = parent;
        _window = window;
        _slide = slide;
        if (parent.StorageLevel == StorageLevel.None)
        {
            parent.Persist(StorageLevel.MemoryOnly);
        }
    }

    public override TimeSpan SlideDuration => _slide;

    internal override IReadOnlyList<DStream> Dependencies => [_parent];

    private protected override TimeSpan ParentRememberExtra => _window;

    internal override Rdd<T>? Compute(DateTimeOffset time)
    {
        var rdds = _parent.ComputeRange(time - _window, time);
        return rdds.Count == 0 ? Context.SluiceContext.EmptyRdd<T>() : Context.SluiceContext.Union(rdds);
    }
}
