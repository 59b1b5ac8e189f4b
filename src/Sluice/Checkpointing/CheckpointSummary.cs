namespace Sluice.Checkpointing;

/// <summary>What a checkpoint directory's newest readable checkpoint holds, for people and tools (<c>sluice checkpoint inspect</c>).</summary>
/// <param name="Location">Where the checkpoint is.</param>
/// <param name="BatchTime">The newest batch completed when it was taken.</param>
/// <param name="BatchInterval">The application's batch interval.</param>
/// <param name="ZeroTime">The time before the application's first batch.</param>
/// <param name="PendingBatches">Batches generated and not completed then, which a restart runs again.</param>
/// <param name="Operators">The operators, with the size of their saved state.</param>
/// <param name="Sources">What each replayable input recorded.</param>
/// <param name="TotalBytes">The metadata and the state files it references.</param>
/// <param name="Skipped">Why newer checkpoints could not be read, if any were skipped.</param>
public sealed record CheckpointSummary(
    string Location,
    DateTimeOffset BatchTime,
    TimeSpan BatchInterval,
    DateTimeOffset ZeroTime,
    IReadOnlyList<DateTimeOffset> PendingBatches,
    IReadOnlyList<CheckpointOperatorSummary> Operators,
    IReadOnlyList<CheckpointSourceSummary> Sources,
    long TotalBytes,
    IReadOnlyList<string> Skipped);
