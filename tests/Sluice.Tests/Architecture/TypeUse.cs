namespace Sluice.Tests.Architecture;

/// <summary>A type (<paramref name="Type"/>, in <paramref name="From"/>) that names <paramref name="Used"/>, in <paramref name="To"/>.</summary>
internal readonly record struct TypeUse(string From, string Type, string To, string Used);
