using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sluice.Cluster.Blocks;

namespace Sluice.Benchmarks;

/// <summary>
/// The data channel over loopback: blocks fetched from a <see cref="BlockServer"/> on Kestrel over HTTP/1.1 and over
/// HTTP/2, in requests of many blocks, against a hand-written yardstick in the same run that copies the same bytes,
/// framed the same way, over a plain socket. Median of the rounds, in MB/s.
/// </summary>
internal static class BlockFetchHarness
{
    private const string Secret = "bench-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--per-request", "--rounds", "--sizes"]);
        var rounds = options.GetInt("--rounds", 7);
        var perRequest = options.GetInt("--per-request", 64);
        Console.WriteLine($"Block fetch over loopback: 64 MiB a round, {perRequest} blocks a request, median of {rounds} rounds, MB/s");
        Console.WriteLine("| block | plain socket (yardstick) | HTTP/1.1 | ratio | HTTP/2 | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var size in options.GetInts("--sizes", [4 << 10, 64 << 10, 1 << 20]))
        {
            var source = new Blocks(64 << 20, size);
            var socket = await MedianAsync(rounds, () => PlainSocketAsync(source));
            var http1 = await MedianAsync(rounds, () => ChannelAsync(source, http2: false, perRequest));
            var http2 = await MedianAsync(rounds, () => ChannelAsync(source, http2: true, perRequest));
            Console.WriteLine($"| {size / 1024} KiB | {socket:F0} | {http1:F0} | {http1 / socket:F2} | {http2:F0} | {http2 / socket:F2} |");
        }

        return 0;
    }

    private static async Task<double> MedianAsync(int rounds, Func<Task<double>> round)
    {
        await round(); // warm-up: connections, JIT
        return await Medians.OfAsync(rounds, round);
    }

    /// <summary>A round of the data channel: every block fetched, <paramref name="perRequest"/> per request; MB/s.</summary>
    private static async Task<double> ChannelAsync(Blocks source, bool http2, int perRequest)
    {
        await using var server = await BlockServer.StartAsync(source, new BlockServerOptions { Secret = Secret, Http2 = http2 });
        using var fetcher = new BlockFetcher(Secret, http2);
        await fetcher.FetchAsync(server.Address, [source.Ids[0]]); // the connection, before the clock
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var request in source.Ids.Chunk(perRequest))
        {
            foreach (var block in await fetcher.FetchAsync(server.Address, request))
            {
                bytes += block!.Length;
            }
        }

        return bytes / 1e6 / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The yardstick: the same frames (length, bytes) written to a plain socket and read into new arrays; MB/s.</summary>
    private static async Task<double> PlainSocketAsync(Blocks source)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var served = await listener.AcceptTcpClientAsync();
        var watch = Stopwatch.StartNew();
        var writing = Task.Run(async () =>
        {
            var stream = served.GetStream();
            var length = new byte[4];
            foreach (var id in source.Ids)
            {
                source.TryGet(id, out var block);
                BinaryPrimitives.WriteInt32LittleEndian(length, block.Length);
                await stream.WriteAsync(length);
                await stream.WriteAsync(block);
            }
        });
        var reading = client.GetStream();
        var prefix = new byte[4];
        long bytes = 0;
        for (var i = 0; i < source.Ids.Length; i++)
        {
            await reading.ReadExactlyAsync(prefix);
            var block = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
            await reading.ReadExactlyAsync(block);
            bytes += block.Length;
        }

        await writing;
        return bytes / 1e6 / watch.Elapsed.TotalSeconds;
    }

    /// <summary><paramref name="total"/> bytes of random blocks of <paramref name="size"/> bytes, by id.</summary>
    private sealed class Blocks : IBlockSource
    {
        private readonly Dictionary<string, byte[]> _blocks = [];

        public Blocks(int total, int size)
        {
            var random = new Random(size);
            Ids = [.. Enumerable.Range(0, total / size).Select(i => $"shuffle_0_{i}_0")];
            foreach (var id in Ids)
            {
                var block = new byte[size];
                random.NextBytes(block);
                _blocks[id] = block;
            }
        }

        public string[] Ids { get; }

        public bool TryGet(string blockId, out ReadOnlyMemory<byte> bytes)
        {
            var found = _blocks.TryGetValue(blockId, out var block);
            bytes = block;
            return found;
        }
    }
}
