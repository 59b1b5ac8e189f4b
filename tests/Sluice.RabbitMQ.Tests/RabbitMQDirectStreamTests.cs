using System.Text;
using Sluice.Streams;
using Sluice.TestSupport;

namespace Sluice.RabbitMQ.Tests;

/// <summary>
/// The direct stream over a stream queue against a RabbitMQ node on loopback, messages published by pika: each read
/// once, by offset range, in parts; from the first message or from those published after the start; bounded by the
/// rate; on executor processes; a queue of another kind, or none, reported in words and left as it was.
/// </summary>
[Trait("Category", "Process")]
public sealed class RabbitMQDirectStreamTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private RabbitMQBroker Broker => shared.Broker;

    [Fact]
    public async Task FromTheFirst_EveryMessageIsReadOnce_WithItsOffset_InParts_AcrossSegments()
    {
        var queue = $"s-{Guid.NewGuid():N}";
        Broker.Declare(queue, "segmented-stream"); // offsets that hold no message between segments, as in a long-lived queue
        Broker.Publish(queue, Enumerable.Range(0, 500).Select(i => $"m{i}"));
        using var run = new SourceTestRun("local[3]");
        var messages = run.Test.Collect(RabbitMQUtils.CreateDirectStream(run.Test.Context, Options(queue) with { StartFrom = RabbitMQStreamStart.First, ReadersPerBatch = 3 })
            .Map(message => (message.Offset!.Value, $"{Encoding.UTF8.GetString(message.Body)} {message.Headers?["source"]}")));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => messages.All.Count >= 500);
        await run.Test.RunBatchesAsync(2);

        var byOffset = messages.All.OrderBy(message => message.Item1).ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"m{i} pika"), byOffset.Select(message => message.Item2));
        Assert.Equal(500, byOffset.Select(message => message.Item1).Distinct().Count());
        Assert.True(byOffset[^1].Item1 > 510, $"The queue's segments should leave offsets without messages; the last message is at {byOffset[^1].Item1}.");
        Assert.Contains(run.Test.CompletedBatches, batch => batch.InputMetadata.Values.Any(ranges => ranges.Count == 3));
    }

    [Fact]
    public async Task FromTheNext_OnlyMessagesPublishedAfterTheStart_AreRead()
    {
        var queue = NewStreamQueue();
        Broker.Publish(queue, Enumerable.Range(0, 50).Select(i => $"before {i}"));
        using var run = new SourceTestRun();
        var lines = run.Test.Collect(RabbitMQUtils.CreateTextDirectStream(run.Test.Context, Options(queue)));
        await run.StartAsync("Following the end of stream queue");

        Broker.Publish(queue, Enumerable.Range(0, 120).Select(i => $"after {i}"));
        await run.RunUntilAsync(() => lines.All.Count >= 120);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"after {i}").Order(), lines.All.Order());
    }

    [Fact]
    public async Task Recovered_AfterBatchesThatFoundNothingNew_ItReadsOnFromWhereItWas()
    {
        var queue = NewStreamQueue();
        var checkpoint = Directory.CreateTempSubdirectory("sluice-rabbitmq-recovery-").FullName;
        try
        {
            Broker.Publish(queue, Enumerable.Range(0, 100).Select(i => $"first {i}"));
            DateTimeOffset stoppedAt;
            using (var first = new SourceTestRun())
            {
                var lines = first.Test.Collect(Lines(StreamingContext.GetOrCreate(checkpoint, () => first.Test.Context), queue));
                first.Test.Context.Start();
                await first.RunUntilAsync(() => lines.All.Count >= 100);
                await first.Test.RunBatchesAsync(5); // nothing new: the checkpoint's batches read nothing
                stoppedAt = first.Test.Clock.GetUtcNow();
            } // no graceful stop

            Broker.Publish(queue, Enumerable.Range(0, 50).Select(i => $"second {i}"));
            using var second = new SourceTestRun();
            Sluice.Testing.OutputCollector<string>? recovered = null;
            StreamingContext.GetOrCreate(checkpoint, () =>
            {
                recovered = second.Test.Collect(Lines(second.Test.Context, queue));
                return second.Test.Context;
            });
            second.Test.Clock.SetUtcNow(stoppedAt);
            second.Test.Context.Start();
            await second.RunUntilAsync(() => recovered!.All.Count >= 50);
            await second.Test.RunBatchesAsync(2);

            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"second {i}"), recovered!.All);
        }
        finally
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    [Fact]
    public async Task ABatchTakesNoMoreThanTheRateAllows()
    {
        var queue = NewStreamQueue();
        Broker.Publish(queue, Enumerable.Range(0, 100).Select(i => $"m{i}"));
        using var run = new SourceTestRun();
        var lines = run.Test.Collect(RabbitMQUtils.CreateTextDirectStream(run.Test.Context, Options(queue) with { StartFrom = RabbitMQStreamStart.First, MaxRatePerSecond = 30 }));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => lines.All.Count >= 100);

        Assert.All(lines.Batches, batch => Assert.InRange(batch.Length, 0, 30));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), lines.All);
    }

    [Fact]
    public async Task OnExecutorProcesses_TheRangesAreReadThere_AndEveryMessageOnce()
    {
        var queue = NewStreamQueue();
        Broker.Publish(queue, Enumerable.Range(0, 300).Select(i => $"line {i}"));
        using var run = new SourceTestRun("local-cluster[2,1]");
        var lines = run.Test.Collect(RabbitMQUtils.CreateTextDirectStream(run.Test.Context, Options(queue) with { StartFrom = RabbitMQStreamStart.First, ReadersPerBatch = 2 }));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => lines.All.Count >= 300);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"line {i}").Order(), lines.All.Order());
    }

    [Fact]
    public async Task OffsetsThatRetentionRemoved_FailTheBatch_NamingThem()
    {
        var queue = $"small-{Guid.NewGuid():N}";
        Broker.Declare(queue, "small-stream");
        Broker.Publish(queue, Enumerable.Range(0, 200).Select(i => $"message number {i:D5}")); // far more than the 2 kB kept
        using var run = new SourceTestRun(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        run.Test.Collect(RabbitMQUtils.CreateTextDirectStream(run.Test.Context, Options(queue) with { StartingOffset = 0 }));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => run.Test.CompletedBatches.Any(batch => batch.Failure is not null));

        var failure = run.Test.CompletedBatches.First(batch => batch.Failure is not null).Failure!.ToString();
        Assert.Matches($@"Offsets \[0, [1-9][0-9]+\) of stream queue '{queue}' at 127\.0\.0\.1:{Broker.Port} are no longer in the queue: retention removed them", failure);
    }

    [Fact]
    public async Task AQueueThatIsNotAStreamQueue_IsReportedInWords_AndKeepsItsMessages()
    {
        var classic = $"classic-{Guid.NewGuid():N}";
        Broker.Declare(classic);
        Broker.Publish(classic, ["kept"]);
        using (var run = new SourceTestRun())
        {
            run.Test.Collect(RabbitMQUtils.CreateTextDirectStream(run.Test.Context, Options(classic) with { StartFrom = RabbitMQStreamStart.First }));
            run.Test.Context.Start();
            await run.Test.RunBatchesAsync(1);

            Assert.Contains($"queue '{classic}': it is not a stream queue. Read classic and quorum queues with RabbitMQUtils.CreateQueueStream", await WaitForErrorAsync(run, "not a stream queue"), StringComparison.Ordinal);
        }

        using var reader = new SourceTestRun();
        var lines = reader.Test.Collect(RabbitMQUtils.CreateTextQueueStream(reader.Test.Context, Broker.Url, classic));
        reader.Test.Context.Start();
        await reader.RunUntilAsync(() => lines.All.Count >= 1);
        Assert.Equal(["kept"], lines.All);
    }

    [Fact]
    public async Task AMissingQueue_IsReportedInWords()
    {
        using var run = new SourceTestRun();
        run.Test.Collect(RabbitMQUtils.CreateTextDirectStream(run.Test.Context, Options("no-such-stream")));
        run.Test.Context.Start();
        await run.Test.RunBatchesAsync(1);

        Assert.Contains("queue 'no-such-stream': the queue does not exist in virtual host '/'", await WaitForErrorAsync(run, "no-such-stream"), StringComparison.Ordinal);
    }

    /// <summary>The first input error containing <paramref name="text"/>: the stream reports what its following consumer found at the next batch.</summary>
    private static async Task<string> WaitForErrorAsync(SourceTestRun run, string text)
    {
        await run.RunUntilAsync(() => run.Errors.Messages.Any(message => message.Contains(text, StringComparison.Ordinal)));
        return await run.Errors.WaitForAsync(text);
    }

    private DStream<string> Lines(StreamingContext context, string queue)
        => RabbitMQUtils.CreateTextDirectStream(context, Options(queue) with { StartFrom = RabbitMQStreamStart.First });

    private string NewStreamQueue()
    {
        var queue = $"s-{Guid.NewGuid():N}";
        Broker.Declare(queue, "stream");
        return queue;
    }

    private RabbitMQStreamQueueOptions Options(string queue) => new() { Url = Broker.Url, Queue = queue };
}
