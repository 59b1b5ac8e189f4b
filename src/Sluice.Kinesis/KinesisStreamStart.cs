namespace Sluice.Kinesis;

/// <summary>Where a direct stream over a Kinesis data stream starts when no checkpoint says where it was.</summary>
public enum KinesisStreamStart
{
    /// <summary>With the records put after the stream starts (Kinesis' <c>LATEST</c>, Spark's <c>latest</c>).</summary>
    Latest,

    /// <summary>With the oldest record each shard still holds (Kinesis' <c>TRIM_HORIZON</c>).</summary>
    TrimHorizon,
}
