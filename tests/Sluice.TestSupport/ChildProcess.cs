using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sluice.TestSupport;

/// <summary>
/// A process a test starts (the CLI, kafka-dev, netcat), with its standard output and error read line by line as
/// they come, so neither pipe fills and blocks it. Disposing kills it and its children if it still runs, on every
/// path out of the test, failures included.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    /// <summary>How long <see cref="WaitForLineAsync"/> waits by default: long enough for a slow machine, short enough to end a hung test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();
    private readonly SemaphoreSlim _lines = new(0);

    private ChildProcess(Process process) => _process = process;

    /// <summary>The process's id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code, once it has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written to standard output so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Every line written to standard error so far.</summary>
    public IReadOnlyList<string> Error => [.. _error];

    /// <summary>Its standard input, when started with <c>redirectInput</c>.</summary>
    public StreamWriter Input => _process.StandardInput;

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/>, and <paramref name="environment"/> added to
    /// this process's, in <paramref name="workingDirectory"/> (this process's when omitted).
    /// </summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, bool redirectInput = false, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = redirectInput,
                WorkingDirectory = workingDirectory ?? "",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            process.StartInfo.Environment[name] = value;
        }

        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, line) => child.Add(child._output, line.Data);
        process.ErrorDataReceived += (_, line) => child.Add(child._error, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts the Sluice command line (<c>Sluice.Cli.dll</c>, next to the test assembly) with <paramref name="arguments"/>.</summary>
    public static ChildProcess Sluice(params string[] arguments)
        => Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"), .. arguments]);

    /// <summary>Starts the Sluice command line with <paramref name="environment"/> added to this process's.</summary>
    public static ChildProcess Sluice(IReadOnlyDictionary<string, string> environment, params string[] arguments)
        => Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"), .. arguments], environment: environment);

    /// <summary>
    /// Waits until a line of standard output (or, with <paramref name="standardError"/>, of standard error) matches,
    /// and returns it. Fails, naming what it waited for and what the process last said, if the process ends or
    /// <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, bool standardError = false, TimeSpan? timeout = null)
    {
        var lines = standardError ? _error : _output;
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (true)
        {
            if (lines.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (_process.HasExited)
            {
                _process.WaitForExit(); // the last lines are read
                if (lines.FirstOrDefault(match) is { } last)
                {
                    return last;
                }

                throw new InvalidOperationException($"The process ended (exit code {_process.ExitCode}) before {what}. {Describe()}");
            }

            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"No {what} within {limit.TotalSeconds:0} s. {Describe()}");
            }

            // Woken by the next line, or after a while to check the process and the clock.
            await _lines.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Sends a signal (SIGTERM, SIGINT) to the process.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Kills the process and its children at once (SIGKILL: no graceful stop, no final checkpoint), and waits for it to end.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>Waits for the process to end, killing it if it has not within <paramref name="timeout"/>; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The process did not end within {(timeout ?? DefaultTimeout).TotalSeconds:0} s and was killed. {Describe()}");
        }

        _process.WaitForExit(); // the last lines are read
        return _process.ExitCode;
    }

    /// <summary>The last lines of standard output and error, for a failure's message.</summary>
    public string Describe()
        => $"Last output: {string.Join(" | ", _output.TakeLast(5))}. Last standard error: {string.Join(" | ", _error.TakeLast(15))}";

    public void Dispose()
    {
        try
        {
            Kill();
        }
        finally
        {
            _process.Dispose();
            _lines.Dispose();
        }
    }

    private void Add(ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        try
        {
            _lines.Release();
        }
        catch (ObjectDisposedException)
        {
            // A last line after the test let go of the process.
        }
    }
}
