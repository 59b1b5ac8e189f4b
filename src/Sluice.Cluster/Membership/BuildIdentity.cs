using System.Reflection;

namespace Sluice.Cluster.Membership;

/// <summary>
/// Which build of an application a process runs: the application's assembly and the engine's, each by name and
/// module version id, which changes with every build. Functions travel between processes by method token
/// (docs/adr/0005), so a driver and its executors must run the very same build.
/// </summary>
public static class BuildIdentity
{
    /// <summary>The identity of <paramref name="application"/> with this engine, such as <c>WordCount 1d2c…, Sluice 9a8b…</c>.</summary>
    public static string Of(Assembly application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return $"{Describe(application)}, {Describe(typeof(StreamingContext).Assembly)}";
    }

    private static string Describe(Assembly assembly) => $"{assembly.GetName().Name} {assembly.ManifestModule.ModuleVersionId:N}";
}
