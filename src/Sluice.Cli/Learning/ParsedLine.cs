namespace Sluice.Cli.Learning;

/// <summary>A line read as a point, or why it could not be.</summary>
/// <param name="Value">The point, when the line is one.</param>
/// <param name="Error">Why the line is not one.</param>
internal sealed record ParsedLine<T>(T? Value, string? Error);
