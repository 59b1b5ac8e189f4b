namespace Sluice.Checkpointing;

/// <summary>The records a receiver stream had received that no batch had taken yet, when a checkpoint was taken.</summary>
/// <param name="Operator">The receiver's input stream identity.</param>
/// <param name="Records">Its records waiting for a batch.</param>
internal sealed record ReceivedBacklog(string Operator, long Records);
