using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Sluice.Benchmarks;

/// <summary>
/// The C word count (<c>Yardsticks/wordcount.c</c>), built with the system's C compiler (<c>cc -O2 -march=native</c>)
/// the first time a harness needs it, so the distance to what the hardware does per core shows on every run.
/// </summary>
internal static class CWordCountYardstick
{
    /// <summary>Counts <paramref name="input"/>'s words <paramref name="repeat"/> times over, <paramref name="runs"/> times.</summary>
    /// <returns>The median seconds of a run and the words counted; <see langword="null"/> with the reason printed when there is no C compiler.</returns>
    public static (double Seconds, long Words)? Run(string input, int repeat, int runs)
    {
        var binary = Build();
        if (binary is null)
        {
            return null;
        }

        var (exitCode, output, error) = Execute(binary, [input, repeat.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture)]);
        if (exitCode != 0)
        {
            Console.WriteLine($"C yardstick failed (exit code {exitCode}): {error.Trim()}");
            return null;
        }

        var fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The built program, named by its source's hash so an edit builds it again.</summary>
    private static string? Build()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Yardsticks", "wordcount.c");
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)))[..16];
        var binary = Path.Combine(Path.GetTempPath(), $"sluice-bench-wordcount-{hash}");
        if (File.Exists(binary))
        {
            return binary;
        }

        try
        {
            var (exitCode, _, error) = Execute("cc", ["-O2", "-march=native", "-o", binary, source]);
            if (exitCode == 0)
            {
                return binary;
            }

            Console.WriteLine($"C yardstick skipped: cc could not build {source}: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("C yardstick skipped: no C compiler (cc) on this machine; install one (apt-get install gcc) to see it.");
        }

        return null;
    }

    private static (int ExitCode, string Output, string Error) Execute(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Array.ForEach(arguments, start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
