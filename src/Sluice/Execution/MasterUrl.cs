using System.Globalization;

namespace Sluice.Execution;

/// <summary>Parses master strings in Spark's syntax, and Sluice's serializing local mode.</summary>
internal static class MasterUrl
{
    /// <summary>
    /// Set to <c>1</c>, every local master runs in the serializing mode: how the test suite is run a second time to
    /// check that everything that crosses a task boundary survives being turned into bytes.
    /// </summary>
    public const string SerializedVariable = "SLUICE_LOCAL_SERIALIZED";

    /// <summary>Set to N, every local master runs as <c>local-executors[N,C]</c> with its C threads per executor.</summary>
    public const string ExecutorsVariable = "SLUICE_LOCAL_EXECUTORS";

    private const string Serialized = "local-serialized";

    private const string Executors = "local-executors";

    private const string LocalCluster = "local-cluster";

    private const string ClusterScheme = "cluster://";

    /// <summary>
    /// Whether the master runs executors in other processes: <c>local-cluster[N,C]</c> (N executor processes of C
    /// slots on this machine, started by the driver) or <c>cluster://HOST:PORT</c> (a driver listening there, which
    /// executors started anywhere join). Both need Sluice.Cluster.
    /// </summary>
    public static bool IsCluster(string master)
        => master.StartsWith(LocalCluster, StringComparison.Ordinal) || master.StartsWith(ClusterScheme, StringComparison.Ordinal);

    /// <summary>The executors and slots of each of a <c>local-cluster[N,C]</c> master; null for a <c>cluster://</c> one.</summary>
    /// <exception cref="ArgumentException">The string is not one of the cluster forms.</exception>
    public static (int Executors, int Slots)? ParseLocalCluster(string master)
    {
        if (master.StartsWith(ClusterScheme, StringComparison.Ordinal))
        {
            _ = ParseClusterAddress(master);
            return null;
        }

        return TryParsePair(master[LocalCluster.Length..], out var executors, out var slots)
            ? (executors, slots)
            : throw new ArgumentException($"Master '{master}' is not supported. 'local-cluster[N,C]' starts N executor processes of C slots each on this machine, with N and C >= 1, such as local-cluster[2,1].", nameof(master));
    }

    /// <summary>Where a <c>cluster://HOST:PORT</c> master's driver listens for executors.</summary>
    /// <exception cref="ArgumentException">The string is not of that form.</exception>
    public static (string Host, int Port) ParseClusterAddress(string master)
    {
        var rest = master[ClusterScheme.Length..];
        var colon = rest.LastIndexOf(':');
        return colon > 0 && int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? (rest[..colon], port)
            : throw new ArgumentException($"Master '{master}' is not supported. 'cluster://HOST:PORT' listens for executors at HOST:PORT, such as cluster://0.0.0.0:7077; executors join with 'sluice executor --driver HOST:PORT'.", nameof(master));
    }

    /// <summary>
    /// The master's form: <see cref="ParseLocal"/>'s, or <c>local-executors[N,C]</c>: N executors of C slots each in this
    /// process, each with its own shuffle outputs and resident objects, reached by the driver only through bytes
    /// (the cluster scheduler without the network; <c>Executors</c> is 0 for the local masters). A cluster master
    /// (<see cref="IsCluster"/>) is only validated here.
    /// </summary>
    /// <exception cref="ArgumentException">The string is not one of those forms.</exception>
    public static (int Slots, bool Serialized, int Executors) Parse(string master)
    {
        if (IsCluster(master))
        {
            _ = ParseLocalCluster(master); // validated only: executor processes bring their slots (see IsCluster)
            return (0, true, 0);
        }

        if (!master.StartsWith(Executors, StringComparison.Ordinal))
        {
            var (threads, serialized) = ParseLocal(master);
            return int.TryParse(Environment.GetEnvironmentVariable(ExecutorsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                ? (threads, true, count)
                : (threads, serialized, 0);
        }

        return TryParsePair(master[Executors.Length..], out var executors, out var slots)
                ? (slots, true, executors)
                : throw new ArgumentException($"Master '{master}' is not supported. 'local-executors[N,C]' runs N executors of C slots each in this process, with N and C >= 1, such as local-executors[2,1].", nameof(master));
    }

    /// <summary>
    /// The worker threads a <c>local</c>, <c>local[N]</c>, <c>local[*]</c> (or <c>local-serialized</c> with the same
    /// forms) master asks for, and whether shuffle blocks go through bytes (<c>local-serialized</c>, or any local
    /// master when <see cref="SerializedVariable"/> is <c>1</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The string is not one of those forms.</exception>
    public static (int Threads, bool Serialized) ParseLocal(string master)
    {
        var serialized = master.StartsWith(Serialized, StringComparison.Ordinal);
        var rest = serialized ? master[Serialized.Length..] : master.StartsWith("local", StringComparison.Ordinal) ? master["local".Length..] : null;
        var threads = rest switch
        {
            "" => 1,
            ['[', .. var inner, ']'] when inner == "*" => Environment.ProcessorCount,
            ['[', .. var inner, ']'] when int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 => count,
            _ => throw new ArgumentException(
                $"Master '{master}' is not supported. Use 'local' (one worker thread), 'local[N]' with N >= 1, or 'local[*]' (one thread per core); 'local-serialized[N]' runs the same with every shuffle block turned into bytes and back.",
                nameof(master)),
        };
        return (threads, serialized || Environment.GetEnvironmentVariable(SerializedVariable) == "1");
    }

    /// <summary>Two positive numbers in brackets, <c>[N,C]</c>.</summary>
    private static bool TryParsePair(string text, out int first, out int second)
    {
        var parts = text is ['[', .. var list, ']'] ? list.Split(',') : [];
        first = second = 0;
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out first) && first > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out second) && second > 0;
    }
}
