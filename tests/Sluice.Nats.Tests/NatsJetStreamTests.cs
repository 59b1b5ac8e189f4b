using System.Text;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Nats.Tests;

/// <summary>
/// The direct stream over a JetStream stream against nats-server on loopback, messages published over the NATS text
/// protocol: each read once, by sequence range, in parts; filtered by subject; from the first message or from those
/// stored after the start; bounded by the rate; on executor processes; after a recovery; messages the stream's limits
/// removed, a missing stream and a server that went away reported in words.
/// </summary>
[Trait("Category", "Process")]
public sealed class NatsJetStreamTests
{
    [Fact]
    public async Task FromTheFirst_EveryMessageIsReadOnce_WithItsSequence_InParts()
    {
        using var server = await StartWithStreamAsync();
        server.PublishToStream("events.a", Enumerable.Range(0, 500).Select(i => $"m{i}"));
        using var run = new SourceTestRun("local[3]");
        var messages = run.Test.Collect(NatsUtils.CreateDirectStream(run.Test.Context, Options(server) with { StartFrom = NatsStreamStart.First, ReadersPerBatch = 3 })
            .Map(message => $"{message.Sequence} {message.Subject} {Encoding.UTF8.GetString(message.Data)}"));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => messages.All.Count >= 500);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"{i + 1} events.a m{i}"), messages.All.OrderBy(line => ulong.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(run.Test.CompletedBatches, batch => batch.InputMetadata.Values.Any(ranges => ranges.Count == 3));
    }

    [Fact]
    public async Task WithFilterSubjects_OnlyThoseSubjectsAreRead()
    {
        using var server = await StartWithStreamAsync();
        using var client = server.Client();
        for (var i = 0; i < 100; i++)
        {
            server.PublishToStream(i % 2 == 0 ? "events.kept" : "events.other", [$"m{i}"]);
        }

        using var run = new SourceTestRun();
        var lines = run.Test.Collect(NatsUtils.CreateTextDirectStream(run.Test.Context, Options(server) with { StartFrom = NatsStreamStart.First, FilterSubjects = ["events.kept"], ReadersPerBatch = 2 }));
        run.Test.Context.Start();
        await run.RunUntilAsync(() => lines.All.Count >= 50);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"m{i * 2}").Order(), lines.All.Order());
    }

    [Fact]
    public async Task FromTheNext_OnlyMessagesStoredAfterTheStart_AreRead_NoMoreThanTheRateAllows()
    {
        using var server = await StartWithStreamAsync();
        server.PublishToStream("events.a", Enumerable.Range(0, 50).Select(i => $"before {i}"));
        using var run = new SourceTestRun();
        var lines = run.Test.Collect(NatsUtils.CreateTextDirectStream(run.Test.Context, Options(server) with { MaxRatePerSecond = 40 }));
        await run.StartAsync("Reading JetStream stream");

        server.PublishToStream("events.a", Enumerable.Range(0, 120).Select(i => $"after {i}"));
        await run.RunUntilAsync(() => lines.All.Count >= 120);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"after {i}"), lines.All);
        Assert.All(lines.Batches, batch => Assert.InRange(batch.Length, 0, 40));
    }

    [Fact]
    public async Task OnExecutorProcesses_TheRangesAreReadThere_AndEveryMessageOnce()
    {
        using var server = await StartWithStreamAsync();
        server.PublishToStream("events.a", Enumerable.Range(0, 300).Select(i => $"line {i}"));
        using var run = new SourceTestRun("local-cluster[2,1]");
        var lines = run.Test.Collect(NatsUtils.CreateTextDirectStream(run.Test.Context, Options(server) with { StartFrom = NatsStreamStart.First, ReadersPerBatch = 2 }));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => lines.All.Count >= 300);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"line {i}").Order(), lines.All.Order());
    }

    [Fact]
    public async Task Recovered_AfterBatchesThatFoundNothingNew_ItReadsOnFromWhereItWas()
    {
        using var server = await StartWithStreamAsync();
        var checkpoint = Directory.CreateTempSubdirectory("sluice-nats-recovery-").FullName;
        try
        {
            server.PublishToStream("events.a", Enumerable.Range(0, 100).Select(i => $"first {i}"));
            DateTimeOffset stoppedAt;
            using (var first = new SourceTestRun())
            {
                var lines = first.Test.Collect(Lines(StreamingContext.GetOrCreate(checkpoint, () => first.Test.Context), server));
                first.Test.Context.Start();
                await first.RunUntilAsync(() => lines.All.Count >= 100);
                await first.Test.RunBatchesAsync(5); // nothing new: the checkpoint's batches read nothing
                stoppedAt = first.Test.Clock.GetUtcNow();
            } // no graceful stop

            server.PublishToStream("events.a", Enumerable.Range(0, 50).Select(i => $"second {i}"));
            using var second = new SourceTestRun();
            OutputCollector<string>? recovered = null;
            StreamingContext.GetOrCreate(checkpoint, () =>
            {
                recovered = second.Test.Collect(Lines(second.Test.Context, server));
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
    public async Task MessagesTheStreamsLimitsRemoved_FailTheBatch_NamingThem()
    {
        using var server = await NatsServer.StartNewAsync();
        server.CreateStream("SMALL", "small.>", ",\"max_msgs\":50");
        server.PublishToStream("small.a", Enumerable.Range(0, 200).Select(i => $"m{i}"));
        using var run = new SourceTestRun(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        run.Test.Collect(NatsUtils.CreateTextDirectStream(run.Test.Context, Options(server) with { Stream = "SMALL", StartingSequence = 1 }));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => run.Test.CompletedBatches.Any(batch => batch.Failure is not null));

        var failure = run.Test.CompletedBatches.First(batch => batch.Failure is not null).Failure!.ToString();
        Assert.Contains($"Sequence numbers [1, 151) of JetStream stream 'SMALL' at 127.0.0.1:{server.Port} are no longer in the stream: its limits (max_age, max_msgs, max_bytes) removed them", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingStream_AndAServerThatWentAway_AreReportedInWords_AndReadingGoesOnWhenItIsBack()
    {
        using var server = await StartWithStreamAsync();
        using var run = new SourceTestRun("local[3]");
        run.Test.Collect(NatsUtils.CreateTextDirectStream(run.Test.Context, Options(server) with { Stream = "NOPE" }));
        var lines = run.Test.Collect(NatsUtils.CreateTextDirectStream(run.Test.Context, Options(server) with { StartFrom = NatsStreamStart.First, ConnectTimeout = TimeSpan.FromSeconds(1) }));
        server.PublishToStream("events.a", Enumerable.Range(0, 50).Select(i => $"before {i}"));
        run.Test.Context.Start();
        await run.RunUntilAsync(() => lines.All.Count >= 50);
        Assert.Contains($"NATS at 127.0.0.1:{server.Port}, JetStream stream 'NOPE': the JetStream stream does not exist", await run.Errors.WaitForAsync("'NOPE'"), StringComparison.Ordinal);

        await server.StopAsync();
        await run.RunUntilAsync(() => run.Errors.Messages.Any(message => message.Contains("JetStream stream 'EVENTS'", StringComparison.Ordinal)));
        await server.StartAsync();
        server.PublishToStream("events.a", Enumerable.Range(0, 50).Select(i => $"after {i}"));
        await run.RunUntilAsync(() => lines.All.Count >= 100);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal([.. Enumerable.Range(0, 50).Select(i => $"before {i}"), .. Enumerable.Range(0, 50).Select(i => $"after {i}")], lines.All);
    }

    private static async Task<NatsServer> StartWithStreamAsync()
    {
        var server = await NatsServer.StartNewAsync();
        server.CreateStream("EVENTS", "events.>");
        return server;
    }

    private static DStream<string> Lines(StreamingContext context, NatsServer server)
        => NatsUtils.CreateTextDirectStream(context, Options(server) with { StartFrom = NatsStreamStart.First });

    private static NatsJetStreamOptions Options(NatsServer server) => new() { Url = server.Url, Stream = "EVENTS" };
}
