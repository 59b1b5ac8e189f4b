using Sluice.Datasets;

namespace Sluice.Streams.Operators;

/// <summary>
/// A stream whose dataset for each batch is a function of its parent's dataset for the same batch. Every
/// stateless operator (map, filter, reduceByKey, transform, …) is one, distinguished by its <see cref="DStream.Kind"/>:
/// the per-batch work is done by the dataset operators the function builds.
/// </summary>
internal sealed class TransformedDStream<T, TResult>(
    DStream<T> parent, string kind, Func<Rdd<T>, DateTimeOffset, Rdd<TResult>> transform)
    : DStream<TResult>(parent.Context, kind)
{
    public override TimeSpan SlideDuration => parent.SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => [parent];

    internal override Rdd<TResult>? Compute(DateTimeOffset time)
    {
        if (parent.GetOrCompute(time) is not { } rdd)
        {
            return null;
        }

        return transform(rdd, time)
            ?? throw new InvalidOperationException($"The function of {Identity} returned null for batch {time:O}; return a dataset (for example an empty one).");
    }
}
