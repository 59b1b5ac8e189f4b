namespace Sluice.Web;

/// <summary>The latest result an output shows on the dashboard: its title, the batch it came from, and its rows as text cells.</summary>
/// <param name="Title">The dashboard table's title.</param>
/// <param name="BatchTime">The batch the rows are from.</param>
/// <param name="Rows">The rows; a tuple's fields are its cells.</param>
public sealed record DashboardTable(string Title, DateTimeOffset BatchTime, IReadOnlyList<IReadOnlyList<string>> Rows);
