using System.Globalization;
using Confluent.Kafka;
using System.Text.Json.Serialization;

namespace Sluice.Kafka;

/// <summary>
/// The records of one Kafka partition that one batch reads: offsets <c>[FromOffset, UntilOffset)</c>. A direct stream's
/// position, recorded in checkpoints as <c>{"Topic":…,"Partition":…,"FromOffset":…,"UntilOffset":…}</c>.
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="FromOffset">The first offset read.</param>
/// <param name="UntilOffset">The offset after the last one read: where the next batch starts.</param>
[JsonConverter(typeof(OffsetRangeJsonConverter))]
public sealed record OffsetRange(string Topic, int Partition, long FromOffset, long UntilOffset)
{
    /// <summary>The topic and partition.</summary>
    public TopicPartition TopicPartition => new(Topic, Partition);

    /// <summary>How many offsets the range spans.</summary>
    public long Count => UntilOffset - FromOffset;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Topic}[{Partition}] [{FromOffset}, {UntilOffset})");
}
