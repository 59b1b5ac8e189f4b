using Sluice.Streams;
using Sluice.TestSupport;

namespace Sluice.RabbitMQ.Tests;

/// <summary>
/// The broker stopped and started again under a queue receiver and a direct stream over a stream queue: both say
/// so, in words, connect again, and every message published before and after is counted once.
/// </summary>
[Trait("Category", "Process")]
public sealed class RabbitMQRestartTests
{
    [Fact]
    public async Task TheBrokerRestarted_BothStreamsSaySo_ConnectAgain_AndCountEveryMessageOnce()
    {
        using var broker = await RabbitMQBroker.StartNewAsync();
        broker.Declare("lines");
        broker.Declare("events", "stream");
        using var run = new SourceTestRun("local[3]");
        var lines = run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, new RabbitMQQueueOptions { Url = broker.Url, Queue = "lines", FlushInterval = TimeSpan.FromMilliseconds(20) }));
        var events = run.Test.Collect(RabbitMQUtils.CreateTextDirectStream(run.Test.Context, new RabbitMQStreamQueueOptions { Url = broker.Url, Queue = "events", StartFrom = RabbitMQStreamStart.First }));
        await run.StartAsync("Consuming queue");
        broker.Publish("lines", Enumerable.Range(0, 100).Select(i => $"before {i}"));
        broker.Publish("events", Enumerable.Range(0, 100).Select(i => $"before {i}"));
        await run.RunUntilAsync(() => lines.All.Count >= 100 && events.All.Count >= 100);

        await broker.StopAsync();
        Assert.Contains($"Lost the connection to RabbitMQ at 127.0.0.1:{broker.Port}, queue 'lines'", await run.Errors.WaitForAsync("Lost the connection"), StringComparison.Ordinal);
        await run.RunUntilAsync(() => run.Errors.Messages.Any(message => message.Contains("queue 'events'", StringComparison.Ordinal)));
        await broker.StartAsync();
        await run.RunUntilAsync(() => run.Logged("Consuming queue") >= 2 && run.Logged("Following the end") >= 2);

        broker.Publish("lines", Enumerable.Range(0, 100).Select(i => $"after {i}"));
        broker.Publish("events", Enumerable.Range(0, 100).Select(i => $"after {i}"));
        await run.RunUntilAsync(() => lines.All.Count >= 200 && events.All.Count >= 200);
        await run.Test.RunBatchesAsync(2);

        string[] expected = [.. Enumerable.Range(0, 100).Select(i => $"before {i}"), .. Enumerable.Range(0, 100).Select(i => $"after {i}")];
        Assert.Equal(expected.Order(), lines.All.Order());
        Assert.Equal(expected, events.All);
    }
}
