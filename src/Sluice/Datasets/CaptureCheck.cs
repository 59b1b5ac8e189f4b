using System.Reflection;
using System.Runtime.CompilerServices;
using Sluice.Execution.Tasks;

namespace Sluice.Datasets;

/// <summary>
/// Spark's "Task not serializable", before a job runs: finds, in the functions of a job's lineage, captured values
/// that cannot travel to an executor in another process (a context, a dataset, a stream, a logger, a connection, an
/// open file), and names the operator, the captured member and its type. Run in the serializing mode, where tasks are
/// meant to be able to leave the process (docs/adr/0005).
/// </summary>
internal static class CaptureCheck
{
    /// <summary>How deep captured objects are searched: a closure, what it captured, and their fields, and so on.</summary>
    private const int MaxDepth = 4;

    /// <summary>
    /// The engine's own types (and their subtypes) that a function must not capture, with what to do instead; the
    /// process-bound types of the base library (loggers, streams, sockets, …) are <see cref="TravelTypes"/>'.
    /// </summary>
    private static readonly (string Type, string Instead)[] s_cannotTravel =
    [
        ("Sluice.StreamingContext", "Use it on the driver, in ForeachRdd or Transform, not inside functions that run in tasks."),
        ("Sluice.Datasets.SluiceContext", "Use it on the driver, in ForeachRdd or Transform, not inside functions that run in tasks."),
        ("Sluice.Datasets.Rdd", "A dataset cannot be used inside another's functions: join the two, or collect the values you need on the driver first."),
        ("Sluice.Streams.DStream", "A stream cannot be used inside a dataset's functions: join or transform the streams instead."),
    ];

    private static readonly ConditionalWeakTable<Rdd, object> s_checked = [];

    /// <summary>Checks every dataset of the lineage of <paramref name="rdd"/> not checked before.</summary>
    /// <exception cref="InvalidOperationException">A function captures what cannot travel.</exception>
    public static void Lineage(Rdd rdd)
    {
        var pending = new Stack<Rdd>([rdd]);
        var seen = new HashSet<Rdd>(ReferenceEqualityComparer.Instance);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next) || s_checked.TryGetValue(next, out _))
            {
                continue;
            }

            // A source's own reader (a file, a stream's positions) travels with the source; the check is for the
            // functions applied to its records.
            if (next.Dependencies.Count > 0)
            {
                Operator(next);
            }

            foreach (var dependency in next.Dependencies)
            {
                Operator(dependency, next);
                pending.Push(dependency.Parent);
            }

            s_checked.AddOrUpdate(next, true);
        }
    }

    /// <summary>Checks an object that travels whole (a receiver going to an executor), named <paramref name="what"/> in the error.</summary>
    /// <exception cref="InvalidOperationException">It holds what cannot travel.</exception>
    public static void Object(object value, string what, string advice)
    {
        if (Find(value, "", 0, new HashSet<object>(ReferenceEqualityComparer.Instance)) is var (path, type, instead))
        {
            throw new InvalidOperationException(
                $"{what} cannot travel to an executor in another process: it holds {path} of type {type.Name}. {advice} ({instead})");
        }
    }

    /// <summary>Checks the functions an operator (a dataset, or a dependency such as a shuffle's aggregator) holds.</summary>
    private static void Operator(object holder, Rdd? owner = null)
    {
        foreach (var field in Fields(holder.GetType()))
        {
            foreach (var function in Functions(field.GetValue(holder)))
            {
                if (Find(function, "", 0, new HashSet<object>(ReferenceEqualityComparer.Instance)) is { } found)
                {
                    var (path, type, instead) = found;
                    throw new InvalidOperationException(
                        $"Task not serializable: a function of {(owner ?? (Rdd)holder).Description} captures {path} of type {type.Name}, which cannot travel to an executor in another process. {instead}");
                }
            }
        }
    }

    private static IEnumerable<Delegate> Functions(object? value) => value switch
    {
        Delegate function => function.GetInvocationList(),
        _ when value?.GetType() is { } type && type.Namespace?.StartsWith("Sluice.", StringComparison.Ordinal) == true && !type.IsSubclassOf(typeof(Rdd)) && type.IsClass
            => Fields(type).Select(field => field.GetValue(value)).OfType<Delegate>(), // an aggregator or a partitioner: its functions
        _ => [],
    };

    /// <summary>The first captured value under <paramref name="value"/> that cannot travel, with the path to it.</summary>
    private static (string Path, Type Type, string Instead)? Find(object value, string path, int depth, HashSet<object> visited)
    {
        if (depth > MaxDepth || !visited.Add(value))
        {
            return null;
        }

        if (value is Delegate function)
        {
            return function.Target is not { } target ? null
                : function.Method.DeclaringType?.Assembly == typeof(CaptureCheck).Assembly ? Wrapped(target, path, depth, visited)
                : ClosureFields.IsCompilerMade(target.GetType()) ? Closure(target, ClosureFields.ReadBy(function.Method), path, depth, visited)
                : Find(target, path, depth + 1, visited);
        }

        var type = value.GetType();
        if (type.IsPrimitive || value is string or decimal || type.IsEnum || TravelTypes.TravelsAsNew(type))
        {
            return null;
        }

        foreach (var (name, instead) in s_cannotTravel)
        {
            if (TravelTypes.IsOrDerives(type, name))
            {
                return (path.Length == 0 ? "itself" : path, type, instead);
            }
        }

        if (TravelTypes.CannotTravel(type) is { } otherwise)
        {
            return (path.Length == 0 ? "itself" : path, type, otherwise);
        }

        foreach (var field in Fields(type))
        {
            if (field.GetValue(value) is { } captured && Find(captured, Join(path, TravelTypes.MemberName(field)), depth + 1, visited) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A compiler-made closure: only the fields the function reads, and the closures those lead to, are searched.</summary>
    private static (string Path, Type Type, string Instead)? Closure(object closure, HashSet<FieldInfo> read, string path, int depth, HashSet<object> visited)
    {
        foreach (var field in Fields(closure.GetType()).Where(read.Contains))
        {
            var captured = field.GetValue(closure);
            var found = captured is not null && ClosureFields.IsCompilerMade(captured.GetType())
                ? Closure(captured, read, path, depth + 1, visited) // an enclosing scope's closure: the same body reads from it
                : captured is null ? null : Find(captured, Join(path, TravelTypes.MemberName(field)), depth + 1, visited);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// An engine function (the aggregator a ReduceByKey builds around yours): the engine carries its own state, so
    /// only the functions it wraps, which are the application's, are searched.
    /// </summary>
    private static (string Path, Type Type, string Instead)? Wrapped(object target, string path, int depth, HashSet<object> visited)
    {
        foreach (var field in Fields(target.GetType()))
        {
            if (field.GetValue(target) is Delegate inner && Find(inner, path, depth + 1, visited) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Join(string path, string member) => path.Length == 0 ? $"'{member}'" : $"{path[..^1]}.{member}'";

    private static IEnumerable<FieldInfo> Fields(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return field;
            }
        }
    }
}
