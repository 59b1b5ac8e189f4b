namespace Sluice.RabbitMQ;

/// <summary>
/// What one task of a batch reads from a stream queue: the offsets <c>[From, Until)</c>. Recorded in checkpoints,
/// so a batch run again after a crash reads the same messages.
/// </summary>
/// <param name="Queue">The stream queue.</param>
/// <param name="From">The first offset.</param>
/// <param name="Until">The offset after the last.</param>
/// <param name="FromFirst">
/// Whether the range starts where the stream did, with <see cref="RabbitMQStreamStart.First"/>: offsets before the
/// queue's first, which retention removed, are then not an error.
/// </param>
public sealed record StreamQueueRange(string Queue, long From, long Until, bool FromFirst = false)
{
    /// <summary>The range as people read it, <c>queue [from, until)</c>.</summary>
    /// <returns>The range as text.</returns>
    public override string ToString() => $"{Queue} [{From}, {Until})";
}
