using System.Diagnostics.CodeAnalysis;
using Sluice.Cluster.Executing;

/// <summary>
/// The .NET startup hook (named by <c>DOTNET_STARTUP_HOOKS</c>) through which a <c>local-cluster</c> driver starts
/// its executors as processes of the application itself: when the driver's variables are set, the process runs an
/// executor and exits, and the application's <c>Main</c> never runs; otherwise it does nothing.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks for a type named StartupHook outside any namespace.")]
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ExecutorProcess.DriverVariable) is not null)
        {
            Environment.Exit(ExecutorProcess.Run());
        }
    }
}
