using Microsoft.Extensions.Hosting;

namespace Sluice.Cluster;

/// <summary>
/// The lifetime of the hosts Sluice.Cluster runs inside an application (the Akka.NET member, the block server):
/// none of their own. The default console lifetime would take Ctrl+C and SIGTERM from the application, stop the
/// host on its own, and print its start-up lines; the application stops them instead, when it stops its context.
/// </summary>
internal sealed class HostedByTheApplication : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
