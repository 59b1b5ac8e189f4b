namespace Sluice.Streams;

/// <summary>What an input stream reports for one batch: its records (when known) and a description of its input, such as files or offset ranges.</summary>
internal sealed record InputReport(long Records, IReadOnlyList<string> Metadata);
