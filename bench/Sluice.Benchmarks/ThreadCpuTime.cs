using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>
/// The processor time of this process's threads whose names start with a prefix, from Linux's
/// <c>/proc/self/task/*/stat</c> (user and system ticks of 10 ms): how much of a core a receiver's thread takes. The
/// kernel keeps 15 characters of a thread's name.
/// </summary>
internal static class ThreadCpuTime
{
    public static TimeSpan Of(string namePrefix)
    {
        var prefix = namePrefix.Length > 15 ? namePrefix[..15] : namePrefix;
        var ticks = 0L;
        foreach (var task in Directory.Exists("/proc/self/task") ? Directory.EnumerateDirectories("/proc/self/task") : [])
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                // After the name in parentheses: state is field 3; utime and stime are fields 14 and 15.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
