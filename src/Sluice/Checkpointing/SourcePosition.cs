namespace Sluice.Checkpointing;

/// <summary>What one batch of an input stream read: for a file stream, its files.</summary>
/// <param name="Operator">The input stream's identity.</param>
/// <param name="BatchTime">The batch.</param>
/// <param name="Files">The files it read, in order.</param>
internal sealed record SourcePosition(string Operator, DateTimeOffset BatchTime, IReadOnlyList<string> Files);
