using System.Globalization;

namespace Sluice.Checkpointing;

/// <summary>The application holding a checkpoint directory, as a second one is told when it is refused.</summary>
/// <param name="Application">The application's name (<c>SluiceOptions.AppName</c>).</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="ProcessId">Its process id on that machine.</param>
/// <param name="Since">When it took the directory.</param>
public sealed record CheckpointLockHolder(string Application, string Host, int ProcessId, DateTimeOffset Since)
{
    /// <summary>This process, for an application of that name, from now.</summary>
    /// <param name="application">The application's name.</param>
    /// <param name="clock">The clock that says when.</param>
    public static CheckpointLockHolder ThisProcess(string application, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new(application, Environment.MachineName, Environment.ProcessId, clock.GetUtcNow());
    }

    /// <summary>Whether this holder is a process of this machine that no longer runs (it crashed), so its hold is void at once.</summary>
    public bool IsDeadProcessOfThisHost()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no process of that id
        }
    }

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"application '{Application}' (process {ProcessId} on {Host}, since {Since.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz})");
}
