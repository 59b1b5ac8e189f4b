using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Sluice.Cluster.Membership;

namespace Sluice.Cluster.Executing;

/// <summary>
/// A process of the application started as an executor: a <c>local-cluster</c> driver (or whoever starts executors
/// for a <c>cluster://</c> one) sets these variables and names Sluice.Cluster as the process's startup hook, so
/// <see cref="StartupHook"/> runs the executor here, before the application's <c>Main</c>, and ends the process when
/// the executor leaves the cluster. <c>SLUICE_EXECUTOR_BIND</c> is the address others reach it at (127.0.0.1 by default).
/// </summary>
internal static class ExecutorProcess
{
    public const string HookVariable = "DOTNET_STARTUP_HOOKS";
    public const string DriverVariable = "SLUICE_EXECUTOR_DRIVER";
    public const string SlotsVariable = "SLUICE_EXECUTOR_SLOTS";
    public const string IdVariable = "SLUICE_EXECUTOR_ID";
    public const string SecretVariable = "SLUICE_CLUSTER_SECRET";
    public const string BindVariable = "SLUICE_EXECUTOR_BIND";

    /// <summary>Set by a driver that starts its executors itself (<c>local-cluster</c>), which then also ends them.</summary>
    public const string StartedByDriverVariable = "SLUICE_EXECUTOR_STARTED_BY_DRIVER";

    /// <summary>Runs the executor the variables describe until it leaves the cluster, and returns the process's exit code.</summary>
    public static int Run()
    {
        var driver = Environment.GetEnvironmentVariable(DriverVariable)!;
        var id = Environment.GetEnvironmentVariable(IdVariable) ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var slots = int.TryParse(Environment.GetEnvironmentVariable(SlotsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : Environment.ProcessorCount;
        var secret = Environment.GetEnvironmentVariable(SecretVariable) ?? "";
        var bind = Environment.GetEnvironmentVariable(BindVariable) is { Length: > 0 } address ? address : "127.0.0.1";
        var startedByDriver = Environment.GetEnvironmentVariable(StartedByDriverVariable) == "1";

        // Processes the application's tasks start are not executors of this cluster.
        foreach (var name in new[] { HookVariable, DriverVariable, SlotsVariable, IdVariable, SecretVariable, BindVariable, StartedByDriverVariable })
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        // A signal to the driver's whole process group reaches its own executors too: Ctrl+C at a terminal (SIGINT),
        // `timeout` or systemd stopping a service (SIGTERM). The driver then stops gracefully, which needs them, and
        // ends them itself; left to the signal, they died first and the stopping driver started others in their place.
        // An executor started by hand stops on either signal, as any program does.
        using var interrupt = startedByDriver ? PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => signal.Cancel = true) : null;
        using var terminate = startedByDriver ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => signal.Cancel = true) : null;
        var loggers = Logging.StandardErrorLoggerFactory.Instance; // warnings and errors, which the driver shows marked with this executor
        try
        {
            var executor = ClusterExecutor.StartAsync(new ClusterExecutorOptions
            {
                Driver = driver,
                BindAddress = bind,
                ExecutorId = id,
                Slots = slots,
                Secret = secret,
                Application = Assembly.GetEntryAssembly()!,
                LoggerFactory = loggers,
            }).GetAwaiter().GetResult();
            executor.Completion.GetAwaiter().GetResult();
            executor.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception error) when (error is ExecutorRegistrationException or IOException)
        {
            Console.Error.WriteLine($"error: executor {id}: {error.Message}");
            return 1;
        }
    }
}
