using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Text;
using Sluice.Cli;
using Sluice.Monitoring;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>socket</c>: the socket word count end to end over loopback, on the real clock, fed by a generator that writes
/// the input file over and over in 1 MiB writes as fast as the engine reads; reports the bytes of the lines the
/// completed batches held per second, and the hand-written loop's rate over the same lines in the same run; with the
/// cores the process used, the share of a core its socket receiver's thread took, and its working set at the end.
/// <c>--masters "local[2];local-cluster[2,1]"</c> chooses the masters (separated by semicolons), <c>--warmup</c> the
/// seconds not counted. Backpressure is on, as it must be for a source faster than the word count: without it the
/// received lines pile up in memory and the first batches grow until none completes within the measured seconds;
/// <c>--no-backpressure</c> measures that.
/// </summary>
internal static class SocketWordCountHarness
{
    private const string ReceiverThread = "sluice-socket-receiver";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--input", "--masters", "--seconds", "--warmup"], ["--no-backpressure"]);
        var input = options.Get("--input") ?? Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log");
        var seconds = options.GetInt("--seconds", 10);
        var lines = await File.ReadAllLinesAsync(input);
        var bytesPerLine = lines.Average(line => Encoding.UTF8.GetByteCount(line) + 1.0);
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(string.Join('\n', lines) + "\n", Math.Max(1, (1 << 20) / Math.Max(1, lines.Sum(l => l.Length + 1))))));

        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(server, chunk, stop.Token);

        Console.WriteLine("| pipeline | master | seconds | MB/s | lines/s | ratio to yardstick | cores used | receiver's share of a core | working set MB at the end |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var yardstick = MeasureYardstick(lines, bytesPerLine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| hand-written loop over the same lines in memory | - | - | {yardstick:F1} | - | 1.00 | 1 | - | - |"));
        var warmUp = TimeSpan.FromSeconds(options.GetInt("--warmup", 2));
        var backpressure = !options.Has("--no-backpressure");
        foreach (var master in (options.Get("--masters") ?? "local[2],local[3]").Split(';'))
        {
            var records = new CompletedBatches();
            using var context = new StreamingContext(new StreamingContextOptions { Master = master, Out = TextWriter.Null, BackpressureEnabled = backpressure }, TimeSpan.FromSeconds(1));
            context.AddStreamingListener(records);
            WordCountPipeline.CountsDescending(context.SocketUtf8TextStream("127.0.0.1", ((IPEndPoint)server.LocalEndpoint).Port)).ForeachRdd(rdd => rdd.Take(10));
            context.Start();
            await WarmUpAsync(warmUp); // warm-up batches are not counted (executor processes start cold)
            using var process = Process.GetCurrentProcess();
            var start = records.Records;
            var (processCpu, receiverCpu) = (process.TotalProcessorTime, ThreadCpuTime.Of(ReceiverThread));
            var watch = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var counted = records.Records - start;
            var elapsed = watch.Elapsed.TotalSeconds;
            process.Refresh();
            var cores = (process.TotalProcessorTime - processCpu).TotalSeconds / elapsed;
            var receiver = (ThreadCpuTime.Of(ReceiverThread) - receiverCpu).TotalSeconds / elapsed;
            var resident = process.WorkingSet64 / 1e6;
            context.Stop();
            var mbps = counted * bytesPerLine / 1e6 / elapsed;
            // A local-cluster master receives in an executor process, whose threads this one cannot see.
            var receiverShare = master.StartsWith("local-cluster", StringComparison.Ordinal) ? "-" : receiver.ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| Sluice socket word count | {master} | {elapsed:F1} | {mbps:F1} | {counted / elapsed:F0} | {mbps / yardstick:F2} | {cores:F2} | {receiverShare} | {resident:F0} |"));
        }

        await stop.CancelAsync();
        server.Stop();
        try
        {
            await serving;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        return 0;
    }

    /// <summary>
    /// Waits <paramref name="least"/>, then on until two seconds in a row compile no new method (at most a minute
    /// more): methods called once a batch or a block take 30 batches to be promoted to optimized code, and until they
    /// are, the compiler's thread takes a share of the cores from the measured seconds. Executor processes compile
    /// in their own process, which this count does not see.
    /// </summary>
    private static async Task WarmUpAsync(TimeSpan least)
    {
        await Task.Delay(least);
        var (quiet, waited) = (0, 0);
        while (quiet < 2 && waited++ < 60)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            await Task.Delay(TimeSpan.FromSeconds(1));
            quiet = JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
        }
    }

    private static double MeasureYardstick(string[] lines, double bytesPerLine)
    {
        var many = Enumerable.Repeat(lines, Math.Max(1, 2_000_000 / lines.Length)).SelectMany(x => x).ToArray();
        for (var warm = 0; warm < 3; warm++)
        {
            WordCountYardstick.TopWords(many, 10);
        }

        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            WordCountYardstick.TopWords(many, 10);
            times.Add(watch.Elapsed.TotalSeconds);
        }

        return many.Length * bytesPerLine / 1e6 / Medians.Of(times);
    }

    private static async Task ServeAsync(TcpListener server, byte[] chunk, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await server.AcceptTcpClientAsync(cancellationToken);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            await stream.WriteAsync(chunk, cancellationToken);
                        }
                    }
                    catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
                    {
                        // The context stopped and closed the connection.
                    }
                }
            }, cancellationToken);
        }
    }
}
