using System.Text;
using Sluice.Streams;
using Sluice.TestSupport;

namespace Sluice.RabbitMQ.Tests;

/// <summary>
/// The queue receiver against a RabbitMQ node on loopback, messages published by pika: each counted once, with its
/// routing key and headers; on executor processes; wrong passwords, unknown hosts, missing queues and bodies that
/// are not text reported in words; a full disk under the write-ahead log acknowledges nothing unstored.
/// </summary>
[Trait("Category", "Process")]
public sealed class RabbitMQQueueStreamTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private RabbitMQBroker Broker => shared.Broker;

    [Fact]
    public async Task EveryMessagePublished_IsInABatchOnce_WithItsRoutingKeyAndHeaders()
    {
        var queue = NewQueue();
        using var run = new SourceTestRun();
        var messages = run.Test.Collect(RabbitMQUtils.CreateQueueStream(run.Test.Context, Options(queue))
            .Map(message => $"{message.RoutingKey} {Encoding.UTF8.GetString(message.Body)} {message.Headers?["source"]} {message.Redelivered} {message.Offset}"));
        await run.StartAsync("Consuming queue");

        Broker.Publish(queue, Enumerable.Range(0, 300).Select(i => $"m{i}"));
        await run.RunUntilAsync(() => messages.All.Count >= 300);
        await run.Test.RunBatchesAsync(3); // nothing more comes

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"{queue} m{i} pika False ").Order(), messages.All.Order());
    }

    [Fact]
    public async Task OnExecutorProcesses_TheReceiverRunsOnAnExecutor_AndEveryMessageIsCountedOnce()
    {
        var queue = NewQueue();
        using var run = new SourceTestRun("local-cluster[2,1]");
        var lines = run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, Broker.Url, queue));
        var started = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Test.Context.AddStreamingListener(new ReceiverStarted(started));
        run.Test.Context.Start();
        Assert.StartsWith("executor-", await started.Task.WaitAsync(TimeSpan.FromSeconds(60)));

        Broker.Publish(queue, Enumerable.Range(0, 200).Select(i => $"line {i}")); // the queue keeps them until the receiver consumes
        await run.RunUntilAsync(() => lines.All.Count >= 200);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"line {i}").Order(), lines.All.Order());
    }

    [Fact]
    public async Task AWrongPassword_IsReported_NamingTheBrokerAndWhatToCheck()
    {
        using var run = new SourceTestRun();
        run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, $"amqp://guest:wrong@127.0.0.1:{Broker.Port}/", NewQueue()));
        run.Test.Context.Start();

        var error = await run.Errors.WaitForAsync("user name or password");

        Assert.Contains($"RabbitMQ at 127.0.0.1:{Broker.Port}", error, StringComparison.Ordinal);
        Assert.Contains("Check the user and password in the URI", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownHost_APortNobodyListensOn_AndAMissingQueue_AreReportedInWords()
    {
        using var run = new SourceTestRun("local[4]");
        run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, "amqp://no-such-host.invalid/", "q"));
        run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, $"amqp://127.0.0.1:{Loopback.FreePort()}/", "q"));
        run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, Broker.Url, "no-such-queue"));
        run.Test.Context.Start();

        Assert.Contains("the host 'no-such-host.invalid' is unknown. Check the host in the URI", await run.Errors.WaitForAsync("no-such-host.invalid"), StringComparison.Ordinal);
        Assert.Contains("nothing listens there. Check the host and port in the URI", await run.Errors.WaitForAsync("nothing listens"), StringComparison.Ordinal);
        Assert.Contains("queue 'no-such-queue': the queue does not exist in virtual host '/'", await run.Errors.WaitForAsync("no-such-queue"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatIsNotText_IsReportedAndDropped_TheRestCounted()
    {
        var queue = NewQueue();
        using var run = new SourceTestRun();
        var lines = run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, Options(queue)));
        await run.StartAsync("Consuming queue");

        Broker.Publish(queue, ["first"]);
        Broker.Publish(queue, [0x61, 0xff, 0xfe]);
        Broker.Publish(queue, ["last"]);
        await run.RunUntilAsync(() => lines.All.Count >= 2);

        Assert.Equal(["first", "last"], lines.All.Order());
        Assert.Contains($"routed with '{queue}' was dropped: its body of 3 bytes is not UTF-8 text (an invalid byte at index 1)", await run.Errors.WaitForAsync("not UTF-8"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFullDiskUnderTheWriteAheadLog_AcknowledgesNothingUnstored_AndEveryMessageComesOnceThereIsRoom()
    {
        var queue = NewQueue();
        using var disk = SmallDisk.Mount(8 * 1024 * 1024);
        using var run = new SourceTestRun(wal: true);
        run.Test.Context.Checkpoint(Path.Combine(disk.Path, "checkpoint"));
        var lines = run.Test.Collect(RabbitMQUtils.CreateTextQueueStream(run.Test.Context, Options(queue)));
        await run.StartAsync("Consuming queue");

        disk.Fill(leaveFree: 0);
        Broker.Publish(queue, Enumerable.Range(0, 100).Select(i => $"line {i}"));
        var failed = await run.Errors.WaitForAsync($"queue '{queue}'");
        Assert.Contains("No space left on device", failed, StringComparison.Ordinal);
        Assert.Empty(lines.All);

        disk.FreeBallast();
        await run.RunUntilAsync(() => lines.All.Count >= 100);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"line {i}").Order(), lines.All.Order());
    }

    private string NewQueue()
    {
        var queue = $"q-{Guid.NewGuid():N}";
        Broker.Declare(queue);
        return queue;
    }

    private RabbitMQQueueOptions Options(string queue) => new() { Url = Broker.Url, Queue = queue, FlushInterval = TimeSpan.FromMilliseconds(20) };
}
