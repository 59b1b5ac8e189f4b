namespace Sluice.Checkpointing;

/// <summary>What a recovery tells an input beside its positions.</summary>
/// <param name="RunsAgain">Whether a batch of the checkpoint runs again: pending at the checkpoint, or newer than the state a stateful operator recomputes from.</param>
/// <param name="Backlog">For a receiver, the records it had received that no batch had taken at the checkpoint.</param>
internal sealed record InputRecovery(Func<DateTimeOffset, bool> RunsAgain, long Backlog);
