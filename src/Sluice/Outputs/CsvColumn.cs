namespace Sluice.Outputs;

/// <summary>A CSV column: its header and how a record gives its value.</summary>
/// <param name="Header">The column's header.</param>
/// <param name="Value">The record's value (formatted with the invariant culture; dates as ISO 8601).</param>
public sealed record CsvColumn<T>(string Header, Func<T, object?> Value);
