using System.Text;
using Sluice.Cluster.Blocks;

namespace Sluice.Cluster.Tests;

/// <summary>
/// The data channel between processes, over loopback: many blocks a request, in the order asked, a block the server
/// does not hold said as missing, a caller without the cluster's secret refused, and a server that is gone a fetch
/// failure naming it. Over HTTP/1.1 and HTTP/2.
/// </summary>
public sealed class BlockChannelTests
{
    private const string Secret = "the cluster's secret";

    private sealed class Held(Dictionary<string, byte[]> blocks) : IBlockSource
    {
        public bool TryGet(string blockId, out ReadOnlyMemory<byte> bytes)
        {
            var found = blocks.TryGetValue(blockId, out var block);
            bytes = block;
            return found;
        }
    }

    private static readonly Held Blocks = new(new()
    {
        ["shuffle_1_0_0"] = Encoding.UTF8.GetBytes("first map's bucket"),
        ["shuffle_1_1_0"] = [],
        ["input_3_1700000000000_0"] = [.. Enumerable.Range(0, 300_000).Select(i => (byte)i)],
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ManyBlocksInOneRequest_ComeInTheOrderAsked_AndOneNotHeldIsMissing(bool http2)
    {
        await using var server = await BlockServer.StartAsync(Blocks, new BlockServerOptions { Secret = Secret, Http2 = http2 });
        using var fetcher = new BlockFetcher(Secret, http2);

        var fetched = await fetcher.FetchAsync(server.Address, ["input_3_1700000000000_0", "shuffle_1_0_0", "shuffle_9_0_0", "shuffle_1_1_0"]);

        Assert.Equal(300_000, fetched[0]!.Length);
        Assert.Equal(Enumerable.Range(0, 300_000).Select(i => (byte)i), fetched[0]!);
        Assert.Equal("first map's bucket", Encoding.UTF8.GetString(fetched[1]!));
        Assert.Null(fetched[2]);
        Assert.Empty(fetched[3]!);
    }

    [Fact]
    public async Task ACallerWithAnotherSecret_IsRefused_WithWhatToDo()
    {
        await using var server = await BlockServer.StartAsync(Blocks, new BlockServerOptions { Secret = Secret });
        using var fetcher = new BlockFetcher("another secret");

        var error = await Assert.ThrowsAsync<BlockFetchException>(() => fetcher.FetchAsync(server.Address, ["shuffle_1_0_0"]));

        Assert.StartsWith($"Fetching blocks from {server.Address} failed: answered 401", error.Message, StringComparison.Ordinal);
        Assert.Contains("give every process of the application the same secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatIsGone_IsAFetchFailureNamingIt()
    {
        var server = await BlockServer.StartAsync(Blocks, new BlockServerOptions { Secret = Secret });
        var address = server.Address;
        await server.DisposeAsync();
        using var fetcher = new BlockFetcher(Secret);

        var error = await Assert.ThrowsAsync<BlockFetchException>(() => fetcher.FetchAsync(address, ["shuffle_1_0_0"]));

        Assert.Equal(address, error.Server);
        Assert.Contains($"Fetching blocks from {address} failed", error.Message, StringComparison.Ordinal);
    }
}
