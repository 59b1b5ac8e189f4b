namespace Sluice.Checkpointing;

/// <summary>Where one partition of a stateful operator's state was saved, and as of which batch.</summary>
/// <param name="Operator">The operator's identity.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Version">The batch whose state the file holds.</param>
/// <param name="File">The checkpoint file's name.</param>
internal sealed record StateFile(string Operator, int Partition, DateTimeOffset Version, string File);
