using System.Reflection;

namespace Sluice.Tests.Architecture;

/// <summary>
/// The sinks a map-side combine pushes records through hold no exception handler: the JIT does not inline a method
/// that has one, and the word count's fold ran 15 to 20 % slower with a handler in the map sink (ADR 0021). A
/// benchmark would notice a new handler only if someone ran it; this test notices it on every build. A <c>finally</c>
/// (a <c>foreach</c> disposing its enumerator) is allowed: the JIT removes an empty one, and a flatMap over any
/// sequence must dispose it.
/// </summary>
public sealed class PushedSinkTests
{
    [Fact]
    public void No_sink_catches_or_filters_exceptions()
    {
        var engine = typeof(StreamingContext).Assembly;
        var recordSink = engine.GetType("Sluice.Datasets.Operators.RecordSink`1", throwOnError: true)!;
        var sinks = engine.GetTypes().Where(type => DerivesFrom(type, recordSink)).ToList();

        var withHandlers = sinks
            .SelectMany(sink => sink.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(method => method.GetMethodBody()?.ExceptionHandlingClauses.Any(clause =>
                clause.Flags is ExceptionHandlingClauseOptions.Clause or ExceptionHandlingClauseOptions.Filter) == true)
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}");

        Assert.Contains(sinks, sink => sink.Name.StartsWith("MapSink", StringComparison.Ordinal));
        Assert.Empty(withHandlers);
    }

    private static bool DerivesFrom(Type type, Type openGeneric)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == openGeneric)
            {
                return true;
            }
        }

        return false;
    }
}
