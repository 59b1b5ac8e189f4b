using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Sluice.Cluster.Executing;

namespace Sluice.Cluster.Scheduling;

/// <summary>
/// The executor processes a <c>local-cluster[N,C]</c> driver starts on its own machine: the application's own
/// command line, with Sluice.Cluster as a .NET startup hook that makes the process an executor before the
/// application's <c>Main</c> runs (<see cref="ExecutorProcess"/>), so every executor runs the driver's build. Their
/// output goes to the driver's standard error, each line marked with the executor; a lost one is replaced; all are
/// killed when the driver stops.
/// </summary>
internal sealed class ExecutorProcesses : IDisposable
{
    private const string GcHeapCountVariable = "DOTNET_GCHeapCount";
    private const string CallCountingDelayVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>How many executors may be started in place of lost ones, per executor asked for.</summary>
    private const int ReplacementsEach = 3;

    private readonly ConcurrentDictionary<string, Process> _running = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly string _driver;
    private readonly string _secret;
    private readonly int _slots;
    private readonly int _maxStarts;
    private readonly TextWriter _output;
    private readonly ILogger _logger;
    private int _started;
    private volatile bool _disposed;

    public ExecutorProcesses(int executors, int slots, string driver, string secret, TextWriter output, ILogger logger)
    {
        (_driver, _secret, _slots, _output, _logger) = (driver, secret, slots, output, logger);
        _maxStarts = executors * (1 + ReplacementsEach);
        for (var i = 0; i < executors; i++)
        {
            Start();
        }
    }

    /// <summary>An executor process ended without being asked to: its id, and what it said last.</summary>
    public event Action<string, string>? Ended;

    /// <summary>What an executor process said before it ended without being asked to; null while none did.</summary>
    public string? Failure() => _failures.TryPeek(out var failure) ? failure : null;

    /// <summary>Starts an executor in place of <paramref name="lostId"/>, if it was one of these and the replacements are not used up.</summary>
    public void Replace(string lostId)
    {
        if (_running.TryRemove(lostId, out var lost))
        {
            Kill(lost); // unreachable is not always dead: make sure it does not come back with stale blocks
            if (!_disposed && Volatile.Read(ref _started) < _maxStarts)
            {
                ClusterLog.ExecutorReplaced(_logger, Start(), lostId);
            }
        }
    }

    /// <summary>Waits a little for the executors to end on their own (they leave when the driver does), then kills those still running.</summary>
    public void Dispose()
    {
        _disposed = true;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3); // those that registered leave in well under a second
        foreach (var process in _running.Values)
        {
            var left = deadline - DateTime.UtcNow;
            if (left > TimeSpan.Zero)
            {
                process.WaitForExit(left);
            }

            Kill(process);
        }
    }

    private string Start()
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"executor-{Interlocked.Increment(ref _started)}");
        var (file, arguments) = OwnCommandLine();
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        start.Environment[ExecutorProcess.HookVariable] = typeof(ExecutorProcess).Assembly.Location;
        start.Environment[ExecutorProcess.DriverVariable] = _driver;
        start.Environment[ExecutorProcess.SlotsVariable] = _slots.ToString(CultureInfo.InvariantCulture);
        start.Environment[ExecutorProcess.IdVariable] = id;
        start.Environment[ExecutorProcess.SecretVariable] = _secret;
        start.Environment[ExecutorProcess.StartedByDriverVariable] = "1"; // a Ctrl+C at the terminal is this driver's to handle
        if (Environment.GetEnvironmentVariable(GcHeapCountVariable) is null)
        {
            // N executors share this machine: with the server collector each would keep a heap and a collector
            // thread per core of the machine; one per slot is its share (hexadecimal, as the runtime reads it).
            start.Environment[GcHeapCountVariable] = _slots.ToString("X", CultureInfo.InvariantCulture);
        }

        if (Environment.GetEnvironmentVariable(CallCountingDelayVariable) is null)
        {
            // The JIT promotes a hot method to optimized code only once no new method was compiled for 100 ms; with
            // that delay, executors ran the word count at half the speed they do without it (docs/performance.md).
            start.Environment[CallCountingDelayVariable] = "0";
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var said = new ConcurrentQueue<string>();
        void Forward(string? line)
        {
            if (line is not null)
            {
                said.Enqueue(line);
                while (said.Count > 20 && said.TryDequeue(out _))
                {
                }

                _output.WriteLine($"[{id}] {line}");
            }
        }

        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Exited += (_, _) =>
        {
            if (!_disposed && _running.ContainsKey(id))
            {
                ClusterLog.ExecutorProcessEnded(_logger, id, process.Id, process.ExitCode);
                var failure = $"{id} (pid {process.Id}) exited with code {process.ExitCode}" + (said.IsEmpty ? "" : $". Its last words: {string.Join(" | ", said)}");
                _failures.Enqueue(failure);
                Ended?.Invoke(id, $"its process ended: {failure}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _running[id] = process;
        ClusterLog.ExecutorProcessStarted(_logger, id, process.Id, _slots);
        return id;
    }

    /// <summary>How this process was started, to start executors the same way (the startup hook keeps its <c>Main</c> from running).</summary>
    private static (string File, List<string> Arguments) OwnCommandLine()
    {
        if (File.Exists("/proc/self/cmdline"))
        {
            // The whole command line, host options included (dotnet exec --depsfile …), which GetCommandLineArgs drops.
            var parts = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return (Environment.ProcessPath!, [.. parts[1..]]);
        }

        var args = Environment.GetCommandLineArgs();
        var host = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? (host, [.. args]) : (host, [.. args[1..]]);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }

        process.Dispose();
    }
}
