using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Sluice.Mqtt;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>mqtt</c>: the CLI's word count over the MQTT receiver (QoS 1, each message acknowledged once stored), against
/// MQTTnet reading alone in the same process with a hand-written word count on its thread (the yardstick): records
/// per second from the same backlog of 100-byte messages in mosquitto, queued for a kept session before either
/// connects, so both read as fast as the broker sends.
/// </summary>
internal static class MqttHarness
{
    private const string Topic = "lines";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--records", "--rounds"]);
        var records = options.GetInt("--records", 200_000);
        var rounds = options.GetInt("--rounds", 3);
        Console.WriteLine($"{records:N0} messages of 100 bytes at QoS 1 from mosquitto, local[2], receive maximum 1,000");
        Console.WriteLine("| round | MQTTnet alone with a hand-written word count, records/s | Sluice word count, records/s | Sluice / MQTTnet |");
        Console.WriteLine("|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            double yardstick, sluice;
            using (var broker = new BenchMosquitto())
            {
                await BacklogAsync(broker.Port, "yardstick", records);
                yardstick = await ReadAloneAsync(broker.Port, records);
            }

            using (var broker = new BenchMosquitto())
            {
                await BacklogAsync(broker.Port, "sluice", records);
                sluice = await WordCountAsync(broker.Port, records);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {round} | {yardstick / 1e3:F0}k | {sluice / 1e3:F0}k | {sluice / yardstick:F2} |"));
        }

        return 0;
    }

    /// <summary>Subscribes <paramref name="clientId"/> with a kept session, leaves, and publishes the messages it will find waiting.</summary>
    private static async Task BacklogAsync(int port, string clientId, int records)
    {
        using (var subscriber = new MqttClientFactory().CreateMqttClient())
        {
            await subscriber.ConnectAsync(Session(port, clientId).Build());
            await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Topic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await subscriber.DisconnectAsync();
        }

        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        string[] words = ["stream", "batch", "window", "state", "mqtt", "topic", "spark", "sluice", "checkpoint", "broker"];
        var inFlight = new List<Task>(1000);
        for (var i = 0; i < records; i++)
        {
            var line = $"{words[i % 10]} {words[(i / 10) % 10]} {words[(i / 100) % 10]} {i:D12} ".PadRight(100, 'x');
            inFlight.Add(publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topic).WithPayload(Encoding.UTF8.GetBytes(line))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()));
            if (inFlight.Count == 1000)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>MQTTnet alone: the kept session's backlog, acknowledged as each arrives, words counted by hand.</summary>
    private static async Task<double> ReadAloneAsync(int port, int records)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += message =>
        {
            foreach (var word in Encoding.UTF8.GetString(message.ApplicationMessage.Payload).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
            }

            if (++received == records)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        var watch = Stopwatch.StartNew();
        await client.ConnectAsync(Session(port, "yardstick").Build());
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        _ = counts.OrderByDescending(pair => pair.Value).Take(10).ToList();
        return records / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The CLI's word count over the receiver, with the same kind of kept session.</summary>
    private static Task<double> WordCountAsync(int port, int records)
        => SourceWordCount.RecordsPerSecondAsync(ssc => MqttUtils.CreateTextStream(ssc, new MqttStreamOptions
        {
            Host = "127.0.0.1", Port = port, TopicFilters = [Topic], ClientId = "sluice", SessionExpiry = TimeSpan.FromHours(1),
        }), records);

    private static MqttClientOptionsBuilder Session(int port, string clientId)
        => new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false).WithSessionExpiryInterval(3600).WithReceiveMaximum(1000);
}
