namespace Sluice.Kafka;

/// <summary>
/// A batch's dataset of a Kafka direct stream knows the offset ranges it reads, one per dataset partition (Spark's
/// <c>HasOffsetRanges</c>). Only the stream's own datasets have them: cast in the first operation on the stream,
/// <c>stream.ForeachRdd(rdd =&gt; ((IHasOffsetRanges)rdd).OffsetRanges)</c>, not after a Map.
/// </summary>
public interface IHasOffsetRanges
{
    /// <summary>The ranges, in dataset partition order.</summary>
    IReadOnlyList<OffsetRange> OffsetRanges { get; }
}
