using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// Finds the cluster integration for a master that runs executors in other processes (<c>local-cluster[N,C]</c>,
/// <c>cluster://HOST:PORT</c>): the Sluice.Cluster assembly, which the application references when it wants them, as
/// Spark finds an external cluster manager for a master URL. The engine itself has no network dependency.
/// </summary>
internal static class ClusterManagers
{
    private const string AssemblyName = "Sluice.Cluster";
    private const string EntryType = "Sluice.Cluster.Scheduling.ClusterMasters";

    /// <summary>Starts the driver's side of the cluster for <paramref name="options"/>' master, serving the driver's blocks from <paramref name="driverBlocks"/> and its tracker's map-output locations from <paramref name="mapOutputs"/>.</summary>
    /// <exception cref="InvalidOperationException">Sluice.Cluster is not referenced by the application.</exception>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Cluster masters load Sluice.Cluster by name; trimmed applications run local masters.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above.")]
    public static IRemoteCluster Start(SluiceOptions options, Func<string, byte[]?> driverBlocks, Func<int, string?[]> mapOutputs)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(AssemblyName);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidOperationException(
                $"The master '{options.Master}' runs executors in other processes, which needs the Sluice.Cluster package: add it to the application (dotnet add package Sluice.Cluster), or use local[N].");
        }

        var start = assembly.GetType(EntryType, throwOnError: true)!.GetMethod("Start", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;
        try
        {
            return (IRemoteCluster)start.Invoke(null, [options, driverBlocks, mapOutputs])!;
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(error.InnerException);
            throw;
        }
    }
}
