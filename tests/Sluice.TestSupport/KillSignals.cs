using System.Globalization;

namespace Sluice.TestSupport;

/// <summary>
/// How a test kills the process that runs a task, while the task runs. The task's function (in whichever process it
/// runs) calls <see cref="HoldHere"/> with <see cref="Directory"/>: once the test has said hold, the first call writes
/// which process it runs in and waits for go. The test waits for that process (<see cref="RunningProcessAsync"/>),
/// kills it, and says <see cref="Go"/>. Files, so that executor processes see them.
/// </summary>
public sealed class KillSignals : IDisposable
{
    /// <param name="holding">Whether tasks hold from the start, or only once <see cref="Hold"/> is called.</param>
    public KillSignals(bool holding = true)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("sluice-kill-signals-").FullName;
        if (holding)
        {
            Hold();
        }
    }

    /// <summary>Where the signals are: what the task's function captures (a string travels to executor processes).</summary>
    public string Directory { get; }

    /// <summary>Called by the task: once the test said hold and until it says go, says where it runs and waits.</summary>
    public static void HoldHere(string directory)
    {
        var go = Path.Combine(directory, "go");
        if (File.Exists(Path.Combine(directory, "hold")) && !File.Exists(go))
        {
            File.WriteAllText(Path.Combine(directory, $"running-{Environment.ProcessId}"), "");
            while (!File.Exists(go))
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>From now on, the tasks that call <see cref="HoldHere"/> hold.</summary>
    public void Hold() => File.WriteAllText(Path.Combine(Directory, "hold"), "");

    /// <summary>The process of the first task that held, once one has; fails if <paramref name="work"/> ends first or none holds within a minute.</summary>
    public async Task<int> RunningProcessAsync(Task work)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (System.IO.Directory.EnumerateFiles(Directory, "running-*").FirstOrDefault() is { } running)
            {
                return int.Parse(Path.GetFileName(running)["running-".Length..], CultureInfo.InvariantCulture);
            }

            if (work.IsCompleted)
            {
                throw new InvalidOperationException($"The work ended before a task held: {work.Exception}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No task held within 60 s.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Lets every held task go on, and no task hold again.</summary>
    public void Go() => File.WriteAllText(Path.Combine(Directory, "go"), "");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
