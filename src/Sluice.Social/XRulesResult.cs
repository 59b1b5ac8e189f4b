namespace Sluice.Social;

/// <summary>What X made of a change to the filtered stream's rules.</summary>
/// <param name="Rules">The rules added (with their ids; on a dry run, those that would be), or left after a deletion.</param>
/// <param name="Errors">Why rules were refused, one line each, naming the rule: invalid syntax, too many rules, ... A rule that was there already is no error.</param>
public sealed record XRulesResult(IReadOnlyList<XStreamRuleState> Rules, IReadOnlyList<string> Errors);
