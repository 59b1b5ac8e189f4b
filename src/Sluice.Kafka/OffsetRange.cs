using System.Globalization;
using Confluent.Kafka;
using Sluice.Checkpointing;

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

    /// <exception cref="CheckpointFormatException">The checkpoint's position is not an offset range: it was written by something else.</exception>
    internal static OffsetRange FromPosition(string position)
    {
        var parts = position.Split('/');
        if (parts.Length == 4
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            && from <= until)
        {
            return new OffsetRange(parts[0], partition, from, until);
        }

        throw new CheckpointFormatException($"'{position}' in the checkpoint is not a Kafka offset range (topic/partition/from/until). Start without this checkpoint.");
    }
}
