using Sluice.Datasets;

namespace Sluice.Streams.Operators;

/// <summary>A stream whose dataset for each batch is a function of two parents' datasets for the same batch (transformWith, joins, cogroup).</summary>
internal sealed class TransformedWithDStream<TLeft, TRight, TResult> : DStream<TResult>
{
    private readonly DStream<TLeft> _left;
    private readonly DStream<TRight> _right;
    private readonly Func<Rdd<TLeft>, Rdd<TRight>, DateTimeOffset, Rdd<TResult>> _transform;

    public TransformedWithDStream(DStream<TLeft> left, DStream<TRight> right, string kind, Func<Rdd<TLeft>, Rdd<TRight>, DateTimeOffset, Rdd<TResult>> transform)
        : base(left.Context, kind)
    {
        SlideChecks.RequireSameContextAndSlide(kind, left, right);
        _left = left;
        _right = right;
        _transform = transform;
    }

    public override TimeSpan SlideDuration => _left.SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => [_left, _right];

    internal override Rdd<TResult>? Compute(DateTimeOffset time)
    {
        // A parent with nothing for this batch contributes an empty dataset, so a join still sees the other side.
        var left = _left.GetOrCompute(time) ?? Context.SluiceContext.EmptyRdd<TLeft>();
        var right = _right.GetOrCompute(time) ?? Context.SluiceContext.EmptyRdd<TRight>();
        return _transform(left, right, time)
            ?? throw new InvalidOperationException($"The function of {Identity} returned null for batch {time:O}; return a dataset (for example an empty one).");
    }
}
