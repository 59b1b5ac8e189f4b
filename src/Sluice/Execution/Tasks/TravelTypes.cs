using System.Collections.Concurrent;
using System.Reflection;

namespace Sluice.Execution.Tasks;

/// <summary>How the task serializer sees a type: its instance fields, in a fixed order, and whether it may travel at all.</summary>
internal static class TravelTypes
{
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_fields = new();

    /// <summary>Types (and their subtypes) of the base library that live in one process, with what to do instead.</summary>
    private static readonly (string Type, string Instead)[] s_cannotTravel =
    [
        ("Microsoft.Extensions.Logging.ILogger", "Create the logger inside the function (or once per partition with MapPartitions)."),
        ("Microsoft.Extensions.Logging.ILoggerFactory", "Create the logger inside the function (or once per partition with MapPartitions)."),
        ("System.IO.Stream", "Open it inside the function (or once per partition with ForeachPartition)."),
        ("System.IO.TextWriter", "Open it inside the function (or once per partition with ForeachPartition)."),
        ("System.IO.TextReader", "Open it inside the function (or once per partition with ForeachPartition)."),
        ("System.Net.Sockets.Socket", "Connect inside the function (or once per partition with ForeachPartition)."),
        ("System.Net.Sockets.TcpClient", "Connect inside the function (or once per partition with ForeachPartition)."),
        ("System.Net.Http.HttpClient", "Create the client inside the function (or once per partition with ForeachPartition)."),
        ("System.Data.Common.DbConnection", "Open the connection inside the function (or once per partition with ForeachPartition)."),
        ("System.Diagnostics.Process", "Start or find the process inside the function."),
        ("System.Threading.Thread", "Start threads inside the function."),
        ("System.Threading.Tasks.Task", "Start the work inside the function."),
        ("System.Threading.CancellationTokenSource", "Use the task's own cancellation inside the function."),
        ("System.Runtime.InteropServices.SafeHandle", "Open the handle inside the function."),
        ("System.Threading.WaitHandle", "Create it inside the function."),
        ("System.Reflection.Assembly", "Load it inside the function."),
    ];

    /// <summary>Every instance field of <paramref name="type"/> and its base types, base first, in declaration order.</summary>
    public static FieldInfo[] Fields(Type type) => s_fields.GetOrAdd(type, static type =>
    {
        var levels = new List<FieldInfo[]>();
        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            levels.Add([.. level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).OrderBy(field => field.MetadataToken)]);
        }

        levels.Reverse();
        return [.. levels.SelectMany(level => level)];
    });

    /// <summary>What to do instead, when <paramref name="type"/> lives in one process; otherwise <see langword="null"/>.</summary>
    public static string? CannotTravel(Type type)
    {
        if (type.IsPointer || type == typeof(IntPtr) || type == typeof(UIntPtr))
        {
            return "A native pointer or handle only means something in its own process.";
        }

        foreach (var (name, instead) in s_cannotTravel)
        {
            if (IsOrDerives(type, name))
            {
                return instead;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="type"/> is, derives from or implements the type of that full name (of any generic arguments).</summary>
    public static bool IsOrDerives(Type type, string fullName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.FullName == fullName || (current.IsGenericType && current.GetGenericTypeDefinition().FullName?.StartsWith(fullName + "`", StringComparison.Ordinal) == true))
            {
                return true;
            }
        }

        return type.GetInterfaces().Any(item => item.FullName == fullName || item.FullName?.StartsWith(fullName + "`", StringComparison.Ordinal) == true);
    }

    /// <summary>A field's name as the code wrote it: <c>this</c> for a closure's captured instance, a property's or a primary constructor parameter's name for the field behind it.</summary>
    public static string MemberName(FieldInfo field)
        => field.Name switch
        {
            ['<', '>', _, ..] when field.Name.EndsWith("__this", StringComparison.Ordinal) => "this",
            ['<', .. var rest] when rest.IndexOf('>', StringComparison.Ordinal) is var end and > 0 => rest[..end],
            _ => field.Name,
        };

    /// <summary>Collections whose layout depends on hash codes: written as entries, and filled again when read.</summary>
    public static bool IsHashCollection(Type type)
        => type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Dictionary<,>) || definition == typeof(HashSet<>) || definition == typeof(ConcurrentDictionary<,>));

    /// <summary>
    /// Whether a value of the type travels as a new one, its fields left behind: a lock, whose owner and waiters (and
    /// the wait event it makes once contended) mean something only in its own process.
    /// </summary>
    public static bool TravelsAsNew(Type type) => type == typeof(Lock);

    /// <summary>Whether values of the type are written inline as one primitive.</summary>
    public static bool IsPrimitive(Type type) => type.IsPrimitive || type.IsEnum;
}
