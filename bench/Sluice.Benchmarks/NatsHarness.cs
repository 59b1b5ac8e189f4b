using System.Diagnostics;
using System.Globalization;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Sluice.Nats;
using Sluice.TestSupport;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>nats</c>: the CLI's word count over the JetStream direct stream, against NATS.Net reading the same stream alone
/// in the same process with an ordered consumer and a hand-written word count (the yardstick): records per second
/// from a backlog of 100-byte messages stored before either starts.
/// </summary>
internal static class NatsHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--readers", "--records", "--rounds"]);
        var records = options.GetInt("--records", 1_000_000);
        var rounds = options.GetInt("--rounds", 3);
        var readers = options.GetInt("--readers", 2);
        var directory = Directory.CreateTempSubdirectory("sluice-bench-nats-").FullName;
        var port = Loopback.FreePort();
        var server = ChildProcess.Start("nats-server", ["-a", "127.0.0.1", "-p", $"{port}", "-js", "-sd", directory]);
        try
        {
            await Loopback.WaitUntilListening(port);
            var url = $"nats://127.0.0.1:{port}";
            Console.WriteLine($"{records:N0} messages of 100 bytes in a JetStream file stream, nats-server on loopback, local[2], {readers} readers a batch, 200 ms batches");
            Console.WriteLine("| round | NATS.Net alone with a hand-written word count, records/s | Sluice word count, records/s | Sluice / NATS.Net |");
            Console.WriteLine("|---|---|---|---|");
            for (var round = 1; round <= rounds; round++)
            {
                var stream = $"BENCH{round}";
                await BacklogAsync(url, stream, records);
                var yardstick = await ReadAloneAsync(url, stream, records);
                var sluice = await WordCountAsync(url, stream, records, readers);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {round} | {yardstick / 1e3:F0}k | {sluice / 1e3:F0}k | {sluice / yardstick:F2} |"));
            }
        }
        finally
        {
            server.Dispose();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    /// <summary>Creates the stream and publishes the messages, a thousand acknowledgements awaited at a time.</summary>
    private static async Task BacklogAsync(string url, string stream, int records)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        var jetStream = new NatsJSContext(connection);
        await jetStream.CreateStreamAsync(new StreamConfig(stream, [stream.ToLowerInvariant()]));
        string[] words = ["stream", "batch", "window", "state", "nats", "subject", "spark", "sluice", "checkpoint", "server"];
        var inFlight = new List<Task>(1000);
        for (var i = 0; i < records; i++)
        {
            var line = $"{words[i % 10]} {words[(i / 10) % 10]} {words[(i / 100) % 10]} {i:D12} ".PadRight(100, 'x');
            inFlight.Add(jetStream.PublishAsync(stream.ToLowerInvariant(), Encoding.UTF8.GetBytes(line)).AsTask());
            if (inFlight.Count == 1000)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>NATS.Net alone: an ordered consumer over the whole stream, words counted by hand.</summary>
    private static async Task<double> ReadAloneAsync(string url, string stream, int records)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        var consumer = await new NatsJSContext(connection).CreateOrderedConsumerAsync(stream);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var received = 0;
        await foreach (var message in consumer.ConsumeAsync<byte[]>())
        {
            foreach (var word in Encoding.UTF8.GetString(message.Data!).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
            }

            if (++received == records)
            {
                break;
            }
        }

        _ = counts.OrderByDescending(pair => pair.Value).Take(10).ToList();
        return records / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The CLI's word count over the direct stream from the stream's first message, the first batch not bounded.</summary>
    private static Task<double> WordCountAsync(string url, string stream, int records, int readers)
        => SourceWordCount.RecordsPerSecondAsync(ssc => NatsUtils.CreateTextDirectStream(ssc, new NatsJetStreamOptions
        {
            Url = url, Stream = stream, StartFrom = NatsStreamStart.First, ReadersPerBatch = readers, MaxRecordsFirstBatch = records,
        }), records);
}
