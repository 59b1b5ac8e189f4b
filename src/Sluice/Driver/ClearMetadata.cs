namespace Sluice.Driver;

/// <summary>A batch completed: forget datasets no operator needs any more.</summary>
internal sealed record ClearMetadata(DateTimeOffset Time) : JobGeneratorEvent;
