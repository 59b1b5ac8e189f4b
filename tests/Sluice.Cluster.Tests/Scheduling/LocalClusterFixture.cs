using Sluice.Datasets;

namespace Sluice.Cluster.Tests.Scheduling;

/// <summary>
/// One <c>local-cluster[2,1]</c> context for a test class: two executor processes of this test host, started once,
/// since each start costs a few seconds of process start and cluster join.
/// </summary>
public sealed class LocalClusterFixture : IDisposable
{
    public SluiceContext Context { get; } = new(new SluiceOptions { Master = "local-cluster[2,1]", AppName = "local-cluster-tests" });

    public void Dispose() => Context.Dispose();
}
