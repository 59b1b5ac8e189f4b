namespace Sluice.Database;

/// <summary>A column of the output table and how a record gives its value.</summary>
/// <param name="Name">The column's name: letters, digits and underscores.</param>
/// <param name="Value">The record's value for the column (a number, string, date, Guid, byte array or null).</param>
public sealed record DatabaseColumn<T>(string Name, Func<T, object?> Value);
