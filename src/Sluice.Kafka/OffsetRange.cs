using System.Globalization;
using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>The records of one Kafka partition that one batch reads: offsets <c>[FromOffset, UntilOffset)</c>.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="FromOffset">The first offset read.</param>
/// <param name="UntilOffset">The offset after the last one read: where the next batch starts.</param>
public sealed record OffsetRange(string Topic, int Partition, long FromOffset, long UntilOffset)
{
    /// <summary>The topic and partition.</summary>
    public TopicPartition TopicPartition => new(Topic, Partition);

    /// <summary>How many offsets the range spans.</summary>
    public long Count => UntilOffset - FromOffset;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Topic}[{Partition}] [{FromOffset}, {UntilOffset})");

    /// <summary>The range as a checkpoint records it: <c>topic/partition/from/until</c> (topic names have no <c>/</c>).</summary>
    internal string ToPosition() => string.Create(CultureInfo.InvariantCulture, $"{Topic}/{Partition}/{FromOffset}/{UntilOffset}");

    internal static OffsetRange FromPosition(string position)
    {
        var parts = position.Split('/');
        if (parts.Length != 4)
        {
            throw new FormatException($"'{position}' is not a Kafka offset range (topic/partition/from/until).");
        }

        return new OffsetRange(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
    }
}
