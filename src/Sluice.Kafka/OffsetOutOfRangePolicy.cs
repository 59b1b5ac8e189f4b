namespace Sluice.Kafka;

/// <summary>What a Kafka direct stream does when the offset it would read next is no longer in Kafka (retention deleted it).</summary>
public enum OffsetOutOfRangePolicy
{
    /// <summary>The batch fails with an error naming the lost range. The default: losing data is a decision.</summary>
    Fail,

    /// <summary>Go on from the earliest offset still kept; the lost range is logged as a warning.</summary>
    ResetToEarliest,

    /// <summary>Go on from the latest offset; everything up to it is skipped, and logged as a warning.</summary>
    ResetToLatest,
}
