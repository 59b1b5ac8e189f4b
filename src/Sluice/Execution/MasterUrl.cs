using System.Globalization;

namespace Sluice.Execution;

/// <summary>Parses master strings in Spark's syntax.</summary>
internal static class MasterUrl
{
    /// <summary>The number of worker threads a <c>local</c>, <c>local[N]</c> or <c>local[*]</c> master asks for.</summary>
    /// <exception cref="ArgumentException">The string is not one of those forms.</exception>
    public static int ParseLocalThreads(string master)
    {
        if (master == "local")
        {
            return 1;
        }

        if (master.StartsWith("local[", StringComparison.Ordinal) && master.EndsWith(']'))
        {
            var inner = master.AsSpan(6, master.Length - 7);
            if (inner is "*")
            {
                return Environment.ProcessorCount;
            }

            if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads > 0)
            {
                return threads;
            }
        }

        throw new ArgumentException(
            $"Master '{master}' is not supported. Use 'local' (one worker thread), 'local[N]' with N >= 1, or 'local[*]' (one thread per core).",
            nameof(master));
    }
}
