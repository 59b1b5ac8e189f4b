namespace Sluice.Social;

/// <summary>A rule of X's filtered stream: which posts it delivers (X's rule syntax, for example <c>#dotnet lang:en</c>).</summary>
/// <param name="Value">The rule, in X's syntax.</param>
/// <param name="Tag">A name for it, which X sends back in each post's <c>matching_rules</c>.</param>
public sealed record XStreamRule(string Value, string? Tag = null);
