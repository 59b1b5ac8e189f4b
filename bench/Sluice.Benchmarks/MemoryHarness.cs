using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sluice.Cli;
using Sluice.Monitoring;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>memory</c>: what a burst of short lines costs in memory. A server in this process sends <c>--mb</c> MB of
/// 2-byte lines (<c>ab</c>) at once and closes, as <c>nc</c> sending a file does; the CLI's socket word count on
/// <c>--master</c> (default <c>local[2]</c>), 1 s batches, no rate limit, counts them. Sampled every 50 ms until every
/// line is in a finished batch: the GC heap as the last collection left it (what was held, garbage not counted) and the
/// working set. Then, two batches later: the live heap after a full collection, and the working set before and after
/// an aggressive collection (which gives free memory back to the system).
/// </summary>
internal static class MemoryHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--master", "--mb"]);
        var megabytes = options.GetInt("--mb", 60);
        var master = options.Get("--master") ?? "local[2]";
        var payload = new byte[megabytes * 1_000_000 / 3 * 3];
        for (var i = 0; i < payload.Length; i += 3)
        {
            (payload[i], payload[i + 1], payload[i + 2]) = ((byte)'a', (byte)'b', (byte)'\n');
        }

        var lines = payload.Length / 3;
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync(payload);
        });

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var baselineSet = Environment.WorkingSet;
        var counted = new CompletedBatches();
        using var context = new StreamingContext(new StreamingContextOptions { Master = master, Out = TextWriter.Null, LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance }, TimeSpan.FromSeconds(1));
        context.AddStreamingListener(counted);
        WordCountPipeline.CountsDescending(context.SocketUtf8TextStream("127.0.0.1", ((IPEndPoint)server.LocalEndpoint).Port)).ForeachRdd(rdd => rdd.Take(10));
        var watch = Stopwatch.StartNew();
        context.Start();

        var (peakHeld, peakSet) = (0L, 0L);
        while (counted.Records < lines)
        {
            peakHeld = Math.Max(peakHeld, GC.GetGCMemoryInfo().HeapSizeBytes);
            peakSet = Math.Max(peakSet, Environment.WorkingSet);
            if (watch.Elapsed > TimeSpan.FromMinutes(2))
            {
                Console.WriteLine($"only {counted.Records} of {lines} lines were counted in 2 minutes");
                return 1;
            }

            await Task.Delay(50);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var batches = counted.Batches;
        while (counted.Batches < batches + 2)
        {
            await Task.Delay(50);
        }

        var live = GC.GetTotalMemory(forceFullCollection: true);
        var setAfter = Environment.WorkingSet;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var setReturned = Environment.WorkingSet;
        context.Stop();
        await serving;

        static string Mb(long bytes) => (bytes / 1e6).ToString("F0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Mb(payload.Length)} MB of 2-byte lines ({lines:N0}) at once to the socket word count on {master}, all counted in {seconds:F1} s"));
        Console.WriteLine("| measure | MB | over the baseline, MB | per MB received |");
        Console.WriteLine("|---|---|---|---|");
        void Row(string name, long bytes, long over) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Mb(bytes)} | {Mb(bytes - over)} | {(bytes - over) / (double)payload.Length:F2} |"));
        Row("GC heap before the start (live, after a full collection)", baseline, baseline);
        Row("largest GC heap a collection left while counting", peakHeld, baseline);
        Row("live GC heap two batches after the last line, after a full collection", live, baseline);
        Row("working set before the start", baselineSet, baselineSet);
        Row("largest working set while counting", peakSet, baselineSet);
        Row("working set two batches after the last line", setAfter, baselineSet);
        Row("working set after an aggressive collection", setReturned, baselineSet);
        return 0;
    }
}
