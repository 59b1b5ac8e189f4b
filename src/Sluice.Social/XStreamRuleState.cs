namespace Sluice.Social;

/// <summary>A rule the filtered stream has, as X lists it.</summary>
/// <param name="Id">X's id of the rule, to delete it by.</param>
/// <param name="Value">The rule, in X's syntax.</param>
/// <param name="Tag">Its name, if it has one.</param>
public sealed record XStreamRuleState(string Id, string Value, string? Tag);
