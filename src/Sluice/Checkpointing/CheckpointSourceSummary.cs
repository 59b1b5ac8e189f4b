namespace Sluice.Checkpointing;

/// <summary>The positions one input stream recorded in a checkpoint.</summary>
/// <param name="Identity">The input stream's identity.</param>
/// <param name="Batches">How many batches' positions are recorded.</param>
/// <param name="Positions">How many positions (files, blocks, offset ranges) those batches read.</param>
/// <param name="FirstBatch">The oldest recorded batch.</param>
public sealed record CheckpointSourceSummary(string Identity, int Batches, int Positions, DateTimeOffset? FirstBatch);
