namespace Sluice.Checkpointing;

/// <summary>The positions one input stream recorded in a checkpoint.</summary>
/// <param name="Identity">The input stream's identity.</param>
/// <param name="Batches">How many batches' positions are recorded.</param>
/// <param name="Files">How many files those batches read.</param>
/// <param name="FirstBatch">The oldest recorded batch.</param>
public sealed record CheckpointSourceSummary(string Identity, int Batches, int Files, DateTimeOffset? FirstBatch);
