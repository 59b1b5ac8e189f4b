using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.Tests.Streams;

/// <summary>A stream with a slide other than its parent's, standing in for windows until they exist.</summary>
internal sealed class SlideTestDStream<T>(DStream<T> parent, TimeSpan slide) : DStream<T>(parent.Context, "slideTest")
{
    public override TimeSpan SlideDuration => slide;

    internal override IReadOnlyList<DStream> Dependencies => [parent];

    internal override Rdd<T>? Compute(DateTimeOffset time) => parent.GetOrCompute(time);
}
