namespace Sluice.Nats;

/// <summary>
/// What one task of a batch reads from a JetStream stream: the messages with sequence numbers in <c>[From, Until)</c>
/// (those matching the subject filters). Recorded in checkpoints, so a batch run again after a crash reads the same
/// messages.
/// </summary>
/// <param name="Stream">The JetStream stream.</param>
/// <param name="From">The first sequence number.</param>
/// <param name="Until">The sequence number after the last.</param>
/// <param name="FromFirst">
/// Whether the range starts where the stream did, with <see cref="NatsStreamStart.First"/>: sequence numbers before
/// the stream's first, which its limits removed, are then not an error.
/// </param>
public sealed record SequenceRange(string Stream, ulong From, ulong Until, bool FromFirst = false)
{
    /// <summary>The range as people read it, <c>stream [from, until)</c>.</summary>
    /// <returns>The range as text.</returns>
    public override string ToString() => $"{Stream} [{From}, {Until})";
}
