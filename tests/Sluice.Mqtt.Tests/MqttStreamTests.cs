using Microsoft.Extensions.Logging;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Mqtt.Tests;

/// <summary>
/// The MQTT receiver against mosquitto on loopback, messages published by mosquitto_pub: each counted once, with its
/// topic; the broker restarted; wrong passwords, unknown hosts and payloads that are not text reported in words.
/// </summary>
[Trait("Category", "Process")]
public sealed class MqttStreamTests
{
    private readonly LogCollector _logs = new();
    private readonly SourceErrors _errors = new();

    [Fact]
    public async Task EveryMessagePublished_IsInABatchOnce_WithItsTopic()
    {
        using var broker = await Mosquitto.StartAsync();
        using var test = Context();
        var messages = test.Collect(MqttUtils.CreateStream(test.Context, Options(broker)).Map(message => $"{message.Topic} {System.Text.Encoding.UTF8.GetString(message.Payload)} {message.QualityOfService}"));
        await StartAsync(test, subscriptions: 1);

        broker.Publish("sensors/a", Enumerable.Range(0, 150).Select(i => $"a{i}"));
        broker.Publish("sensors/b/c", Enumerable.Range(0, 150).Select(i => $"b{i}"), qos: 0);
        broker.Publish("elsewhere", ["not subscribed"]);
        await RunUntilAsync(test, () => messages.All.Count >= 300);
        await test.RunBatchesAsync(3); // nothing more comes

        string[] expected = [.. Enumerable.Range(0, 150).Select(i => $"sensors/a a{i} AtLeastOnce"), .. Enumerable.Range(0, 150).Select(i => $"sensors/b/c b{i} AtMostOnce")];
        Assert.Equal(expected.Order(), messages.All.Order());
    }

    [Fact]
    public async Task OnExecutorProcesses_TheReceiverRunsOnAnExecutor_AndEveryMessageIsCountedOnce()
    {
        using var broker = await Mosquitto.StartAsync();
        using var test = Context("local-cluster[2,1]");
        var lines = test.Collect(MqttUtils.CreateTextStream(test.Context, Options(broker)));
        var started = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        test.Context.AddStreamingListener(new ReceiverStarted(started));
        test.Context.Start();
        Assert.StartsWith("executor-", await started.Task.WaitAsync(TimeSpan.FromSeconds(60)));

        // Its "subscribed" line is in the executor's log: publish until the first message comes through.
        var published = 0;
        await RunUntilAsync(test, () =>
        {
            broker.Publish("sensors/probe", [$"probe {published++}"]);
            return lines.All.Count > 0;
        });

        broker.Publish("sensors/x", Enumerable.Range(0, 200).Select(i => $"line {i}"));
        await RunUntilAsync(test, () => lines.All.Count(line => line.StartsWith("line", StringComparison.Ordinal)) >= 200);
        await test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"line {i}").Order(), lines.All.Where(line => line.StartsWith("line", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task TheBrokerRestarted_TheReceiverSaysSo_ConnectsAgain_AndCountsWhatComesAfter()
    {
        using var broker = await Mosquitto.StartAsync();
        using var test = Context();
        var lines = test.Collect(MqttUtils.CreateTextStream(test.Context, Options(broker) with { ClientId = "restarted", SessionExpiry = TimeSpan.FromMinutes(5) }));
        await StartAsync(test, subscriptions: 1);
        broker.Publish("sensors/x", Enumerable.Range(0, 100).Select(i => $"before {i}"));
        await RunUntilAsync(test, () => lines.All.Count >= 100);

        await broker.StopAsync();
        var lost = await _errors.WaitForAsync("Lost the connection");
        Assert.Contains($"127.0.0.1:{broker.Port}", lost, StringComparison.Ordinal);
        await RunUntilAsync(test, () => _errors.Messages.Any(message => message.Contains("nothing listens there", StringComparison.Ordinal)));
        await broker.StartAsync();
        await RunUntilAsync(test, () => Subscriptions() >= 2);
        Assert.Contains(_logs.Messages(LogLevel.Information), message => message.Contains("the broker kept the session", StringComparison.Ordinal));

        broker.Publish("sensors/x", Enumerable.Range(0, 100).Select(i => $"after {i}"));
        await RunUntilAsync(test, () => lines.All.Count >= 200);
        await test.RunBatchesAsync(2);

        string[] expected = [.. Enumerable.Range(0, 100).Select(i => $"before {i}"), .. Enumerable.Range(0, 100).Select(i => $"after {i}")];
        Assert.Equal(expected.Order(), lines.All.Order());
    }

    [Fact]
    public async Task AWrongPassword_IsReported_NamingTheBrokerAndWhatToCheck()
    {
        using var broker = await Mosquitto.StartAsync(user: "reader", password: "right");
        using var test = Context();
        test.Collect(MqttUtils.CreateTextStream(test.Context, Options(broker) with { UserName = "reader", Password = "wrong" }));
        test.Context.Start();

        var error = await _errors.WaitForAsync("Could not connect");

        Assert.Contains($"127.0.0.1:{broker.Port}", error, StringComparison.Ordinal);
        Assert.Contains("Check UserName and Password", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownHost_AndAPortNobodyListensOn_AreReportedInWords()
    {
        using var test = Context("local[3]");
        test.Collect(MqttUtils.CreateTextStream(test.Context, new MqttStreamOptions { Host = "no-such-host.invalid", TopicFilters = ["a"] }));
        test.Collect(MqttUtils.CreateTextStream(test.Context, new MqttStreamOptions { Host = "127.0.0.1", Port = Loopback.FreePort(), TopicFilters = ["a"] }));
        test.Context.Start();

        Assert.Contains("the host 'no-such-host.invalid' is unknown. Check Host", await _errors.WaitForAsync("no-such-host.invalid"), StringComparison.Ordinal);
        Assert.Contains("nothing listens there. Check Host and Port", await _errors.WaitForAsync("127.0.0.1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APayloadThatIsNotText_IsReportedAndDropped_TheRestCounted()
    {
        using var broker = await Mosquitto.StartAsync();
        using var test = Context();
        var lines = test.Collect(MqttUtils.CreateTextStream(test.Context, Options(broker)));
        await StartAsync(test, subscriptions: 1);

        broker.Publish("sensors/text", ["first"]);
        broker.Publish("sensors/binary", [0x61, 0xff, 0xfe]);
        broker.Publish("sensors/text", ["last"]);
        await RunUntilAsync(test, () => lines.All.Count >= 2);

        Assert.Equal(["first", "last"], lines.All.Order());
        Assert.Contains("topic 'sensors/binary' was dropped: its payload of 3 bytes is not UTF-8 text (an invalid byte at index 1)", await _errors.WaitForAsync("not UTF-8"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFullDiskUnderTheWriteAheadLog_AcknowledgesNothingUnstored_AndEveryMessageComesOnceThereIsRoom()
    {
        using var disk = SmallDisk.Mount(8 * 1024 * 1024);
        using var broker = await Mosquitto.StartAsync();
        using var test = Context(wal: true);
        test.Context.Checkpoint(Path.Combine(disk.Path, "checkpoint"));
        var lines = test.Collect(MqttUtils.CreateTextStream(test.Context, Options(broker) with { ClientId = "full-disk", SessionExpiry = TimeSpan.FromMinutes(5) }));
        await StartAsync(test, subscriptions: 1);

        disk.Fill(leaveFree: 0);
        broker.Publish("sensors/x", Enumerable.Range(0, 100).Select(i => $"line {i}"));
        var failed = await _errors.WaitForAsync("The MQTT receiver of");
        Assert.Contains("No space left on device", failed, StringComparison.Ordinal);
        Assert.Empty(lines.All);

        disk.FreeBallast();
        await RunUntilAsync(test, () => lines.All.Count >= 100);
        await test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"line {i}").Order(), lines.All.Order());
    }

    private static MqttStreamOptions Options(Mosquitto broker)
        => new() { Host = "127.0.0.1", Port = broker.Port, TopicFilters = ["sensors/#"], FlushInterval = TimeSpan.FromMilliseconds(20) };

    private StreamingTestContext Context(string master = "local[2]", bool wal = false)
    {
        var test = new StreamingTestContext(master: master, configure: options =>
        {
            options.LoggerFactory = _logs;
            options.ReceiverWriteAheadLog = wal;
            options.ReceiverRestartDelay = TimeSpan.FromMilliseconds(100);
        });
        test.Context.AddStreamingListener(_errors);
        return test;
    }

    /// <summary>Starts the context and waits until its receivers have subscribed: messages published before would not reach a new session.</summary>
    private async Task StartAsync(StreamingTestContext test, int subscriptions)
    {
        test.Context.Start();
        await RunUntilAsync(test, () => Subscriptions() >= subscriptions);
    }

    private int Subscriptions() => _logs.Messages(LogLevel.Information).Count(message => message.Contains("subscribed to", StringComparison.Ordinal));

    /// <summary>Runs batches until <paramref name="done"/>: what the receiver stores arrives on its own time, and each batch takes what is there.</summary>
    private async Task RunUntilAsync(StreamingTestContext test, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not done within 30 s. Receiver errors: {string.Join(" | ", _errors.Messages)}");
            await test.RunBatchesAsync(1);
            await Task.Delay(10);
        }
    }
}
