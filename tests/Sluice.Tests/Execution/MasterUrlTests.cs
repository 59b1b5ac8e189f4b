using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Tests.Execution;

/// <summary>The master strings of the cluster masters: what each means, and what a malformed one says.</summary>
public sealed class MasterUrlTests
{
    [Theory]
    [InlineData("local-cluster[2,1]", 2, 1)]
    [InlineData("local-cluster[10,4]", 10, 4)]
    public void LocalCluster_GivesItsExecutorsAndSlots(string master, int executors, int slots)
    {
        Assert.True(MasterUrl.IsCluster(master));
        Assert.Equal((executors, slots), MasterUrl.ParseLocalCluster(master));
    }

    [Fact]
    public void AClusterAddress_GivesTheHostAndPortToListenOn()
    {
        Assert.True(MasterUrl.IsCluster("cluster://10.0.0.5:7077"));
        Assert.Null(MasterUrl.ParseLocalCluster("cluster://10.0.0.5:7077"));
        Assert.Equal(("10.0.0.5", 7077), MasterUrl.ParseClusterAddress("cluster://10.0.0.5:7077"));
    }

    [Theory]
    [InlineData("local-cluster[2]", "'local-cluster[N,C]' starts N executor processes")]
    [InlineData("local-cluster[0,1]", "'local-cluster[N,C]' starts N executor processes")]
    [InlineData("cluster://10.0.0.5", "'cluster://HOST:PORT' listens for executors")]
    [InlineData("cluster://:7077", "'cluster://HOST:PORT' listens for executors")]
    [InlineData("cluster://host:70000", "'cluster://HOST:PORT' listens for executors")]
    public void AMalformedClusterMaster_IsRefusedAtValidation_SayingTheForm(string master, string said)
    {
        var error = Assert.Throws<ArgumentException>(() => new SluiceOptions { Master = master }.Validate());

        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalMasters_AreNotClusterMasters()
    {
        Assert.False(MasterUrl.IsCluster("local[2]"));
        Assert.False(MasterUrl.IsCluster("local-executors[2,1]"));
    }
}
