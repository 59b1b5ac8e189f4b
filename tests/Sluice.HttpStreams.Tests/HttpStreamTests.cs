using Sluice.TestSupport;

namespace Sluice.HttpStreams.Tests;

/// <summary>
/// The HTTP stream receiver against Kestrel: newline-delimited JSON and server-sent events cut wherever the bytes
/// fall, keep-alives and heartbeats skipped, a stream ended, cut or stalled opened again (server-sent events after the
/// last event id), error answers reported with what their problem JSON says, and messages too long or not UTF-8
/// reported and skipped with their neighbours kept.
/// </summary>
public sealed class HttpStreamTests
{
    [Fact]
    public async Task NewlineDelimitedJson_EveryLineIsAMessageOnce_WhereverTheBytesAreCut_AndKeepAlivesAreNone()
    {
        await using var server = await StreamServer.StartAsync();
        using var run = new SourceTestRun();
        var messages = run.Test.Collect(HttpStreamUtils.CreateStream(run.Test.Context, Options(server, "/stream/lines")));
        run.Test.Context.Start();

        var request = await server.NextRequestAsync();
        await request.StartAsync("application/json");
        await request.SendAsync("{\"n\":1}\r\n\r\n{\"n\"");
        await request.SendAsync(":2}\n\n\n");
        await request.SendAsync("{\"n\":3}\n{\"n\":4}");
        request.End(); // the last line needs no line feed
        await run.RunUntilAsync(() => messages.All.Count >= 4);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}"], messages.All.Select(message => message.Data));
        Assert.All(messages.All, message => Assert.Null(message.EventType));
        Assert.DoesNotContain(run.Errors.Messages, message => !message.Contains("ended the stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerSentEvents_AreMessagesByType_HeartbeatsAreNone_AndAReconnectionAsksForWhatCameAfterTheLastId()
    {
        await using var server = await StreamServer.StartAsync();
        using var run = new SourceTestRun();
        var options = Options(server, "/stream/events") with { Format = HttpStreamFormat.ServerSentEvents, EventTypes = ["update"] };
        var messages = run.Test.Collect(HttpStreamUtils.CreateStream(run.Test.Context, options));
        run.Test.Context.Start();

        var first = await server.NextRequestAsync();
        Assert.Equal("text/event-stream", first.Header("Accept"));
        await first.StartAsync("text/event-stream");
        await first.SendAsync(":)\n\nevent: update\nid: 7\ndata: {\"a\":\n");
        await first.SendAsync("data: 1}\n\n:thump\n\nevent: delete\ndata: 99\n\n");
        await first.SendAsync("event: update\ndata: second\n\n");
        first.End();

        var second = await server.NextRequestAsync();
        await second.StartAsync("text/event-stream");
        await second.SendAsync("event: update\nid: 8\ndata: third\n\n");
        await run.RunUntilAsync(() => messages.All.Count >= 3);

        Assert.Equal("7", second.Header("Last-Event-ID"));
        Assert.Equal(
            [new HttpStreamMessage("update", "{\"a\":\n1}", "7"), new HttpStreamMessage("update", "second", "7"), new HttpStreamMessage("update", "third", "8")],
            messages.All);
        Assert.Contains($"{server.Url}/stream/events ended the stream. Connecting again in", await run.Errors.WaitForAsync("ended the stream"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamCutOrStalled_IsReported_AndOpenedAgain_WithNothingCountedTwice()
    {
        await using var server = await StreamServer.StartAsync();
        using var run = new SourceTestRun();
        var options = Options(server, "/stream/lines") with { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        var messages = run.Test.Collect(HttpStreamUtils.CreateStream(run.Test.Context, options));
        run.Test.Context.Start();

        var first = await server.NextRequestAsync();
        await first.StartAsync("application/json");
        await first.SendAsync("1\n2\n");
        await run.RunUntilAsync(() => messages.All.Count >= 2);
        first.Cut();

        var second = await server.NextRequestAsync();
        await second.StartAsync("application/json");
        await second.SendAsync("3\n"); // then nothing, not even a keep-alive
        Assert.Contains("not even a keep-alive (IdleTimeout): the stream stalled", await run.Errors.WaitForAsync("stalled"), StringComparison.Ordinal);

        var third = await server.NextRequestAsync();
        await third.StartAsync("application/json");
        await third.SendAsync("4\n");
        await run.RunUntilAsync(() => messages.All.Count >= 4);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(["1", "2", "3", "4"], messages.All.Select(message => message.Data));
        Assert.Contains($"Lost the stream from {server.Url}/stream/lines", await run.Errors.WaitForAsync("Lost the stream"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorAnswers_AreReportedWithWhatTheirProblemJsonSays_AndTriedAgain()
    {
        await using var server = await StreamServer.StartAsync();
        using var run = new SourceTestRun();
        var messages = run.Test.Collect(HttpStreamUtils.CreateStream(run.Test.Context, Options(server, "/stream/lines")));
        run.Test.Context.Start();

        await (await server.NextRequestAsync()).AnswerAsync(429, """{"title":"Too Many Requests","detail":"Too many connections.","type":"about:blank","status":429}""");
        await (await server.NextRequestAsync()).AnswerAsync(401, """{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""");
        await (await server.NextRequestAsync()).AnswerAsync(503, "<html>down for maintenance</html>", "text/html");
        var working = await server.NextRequestAsync();
        await working.StartAsync("application/json");
        await working.SendAsync("{}\n");
        await run.RunUntilAsync(() => messages.All.Count >= 1);

        var url = $"{server.Url}/stream/lines";
        Assert.StartsWith($"{url} answered HTTP 429 Too Many Requests: Too Many Requests - Too many connections. Trying again in", await run.Errors.WaitForAsync("HTTP 429"), StringComparison.Ordinal);
        Assert.Contains("HTTP 401 Unauthorized: Unauthorized. Check the token or credentials the request carries. Trying again in", await run.Errors.WaitForAsync("HTTP 401"), StringComparison.Ordinal);
        Assert.Contains("HTTP 503 Service Unavailable: <html>down for maintenance</html>.", await run.Errors.WaitForAsync("HTTP 503"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagesTooLongOrNotUtf8_AreReportedAndSkipped_AndTheirNeighboursKept()
    {
        await using var server = await StreamServer.StartAsync();
        using var run = new SourceTestRun();
        var messages = run.Test.Collect(HttpStreamUtils.CreateStream(run.Test.Context, Options(server, "/stream/lines") with { MaxMessageBytes = 100 }));
        run.Test.Context.Start();

        var request = await server.NextRequestAsync();
        await request.StartAsync("application/json");
        await request.SendAsync("before\n" + new string('x', 150));
        await request.SendAsync(new string('x', 150) + "\nbetween\n");
        await request.SendAsync([0x61, 0xff, 0x62, (byte)'\n', .. "after\n"u8]);
        await run.RunUntilAsync(() => messages.All.Count >= 3);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(["before", "between", "after"], messages.All.Select(message => message.Data));
        Assert.Contains("is longer than 100 bytes (MaxMessageBytes) and was skipped", await run.Errors.WaitForAsync("MaxMessageBytes"), StringComparison.Ordinal);
        Assert.Contains("(3 bytes) is not UTF-8 text (an invalid byte at index 1) and was skipped", await run.Errors.WaitForAsync("not UTF-8"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_AndAHostThatDoesNotResolve_AreReportedInWords()
    {
        using var run = new SourceTestRun("local[3]");
        var port = Loopback.FreePort();
        run.Test.Collect(HttpStreamUtils.CreateStream(run.Test.Context, new HttpStreamOptions { Url = $"http://127.0.0.1:{port}/stream", Backoff = QuickBackoff.Value }));
        run.Test.Collect(HttpStreamUtils.CreateStream(run.Test.Context, new HttpStreamOptions { Url = "http://no-such-host.invalid/stream", Backoff = QuickBackoff.Value }));
        run.Test.Context.Start();

        Assert.Contains($"nothing listens at 127.0.0.1:{port} (connection refused)", await run.Errors.WaitForAsync("connection refused"), StringComparison.Ordinal);
        Assert.Contains("the host name of no-such-host.invalid does not resolve", await run.Errors.WaitForAsync("does not resolve"), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptions_AreRefusedInWords()
    {
        using var run = new SourceTestRun();
        var error = Assert.Throws<ArgumentException>(() => HttpStreamUtils.CreateStream(run.Test.Context, new HttpStreamOptions { Url = "ftp://example.org/x" }));
        Assert.Contains("'ftp://example.org/x' is not an absolute http or https URL", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => HttpStreamUtils.CreateStream(run.Test.Context, new HttpStreamOptions { Url = "http://x/", IdleTimeout = TimeSpan.Zero }));
    }

    private static HttpStreamOptions Options(StreamServer server, string path) => new() { Url = $"{server.Url}{path}", Backoff = QuickBackoff.Value };
}
