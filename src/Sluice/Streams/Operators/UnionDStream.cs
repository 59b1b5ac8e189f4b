using Sluice.Datasets;

namespace Sluice.Streams.Operators;

/// <summary>The records of several streams with the same slide, batch by batch.</summary>
internal sealed class UnionDStream<T> : DStream<T>
{
    private readonly DStream<T>[] _parents;

    public UnionDStream(StreamingContext context, DStream<T>[] parents)
        : base(context, "union")
    {
        SlideChecks.RequireSameContextAndSlide("union", parents);
        _parents = parents;
    }

    public override TimeSpan SlideDuration => _parents[0].SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => _parents;

    internal override Rdd<T>? Compute(DateTimeOffset time)
    {
        var rdds = _parents.Select(parent => parent.GetOrCompute(time)).OfType<Rdd<T>>().ToArray();
        return rdds.Length == 0 ? Context.SluiceContext.EmptyRdd<T>() : Context.SluiceContext.Union(rdds);
    }
}
