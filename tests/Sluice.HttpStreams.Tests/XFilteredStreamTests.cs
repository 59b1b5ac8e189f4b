using Sluice.Social;
using Sluice.TestSupport;

namespace Sluice.HttpStreams.Tests;

/// <summary>
/// The X receiver against X's documented filtered stream served by Kestrel: rules checked with a dry run, then added,
/// others kept or removed; posts read whatever their fields' order and whichever are missing; keep-alives, error
/// messages and unknown message types in the stream; an invalid rule, a stream without rules and a wrong token in
/// words; backfill asked for after a reconnection; the receiver on an executor process.
/// </summary>
public sealed class XFilteredStreamTests
{
    [Fact]
    public async Task MissingRulesAreDryRunThenAdded_OthersKept_AndEveryPostOfTheStreamIsAPostOnce()
    {
        await using var x = await FakeXApi.StartAsync(new XStreamRuleState("1", "#other", null), new XStreamRuleState("2", "#dotnet", "dotnet"));
        using var run = new SourceTestRun();
        var posts = run.Test.Collect(XUtils.CreateStream(run.Test.Context, Options(x, new XStreamRule("#dotnet"), new XStreamRule("#spark lang:en", "spark"))));
        run.Test.Context.Start();

        var stream = await x.Server.NextRequestAsync();
        Assert.Equal($"Bearer {FakeXApi.Token}", stream.Header("Authorization"));
        Assert.Contains("expansions=author_id", stream.PathAndQuery, StringComparison.Ordinal);
        await stream.StartAsync("application/json");
        await stream.SendAsync("\r\n");
        await stream.SendAsync("""{"data":{"id":"10","text":"Streams in C# #dotnet #Spark","author_id":"7","created_at":"2026-12-01T10:00:00.000Z","lang":"en","entities":{"hashtags":[{"start":14,"end":21,"tag":"dotnet"},{"start":22,"end":28,"tag":"Spark"}]},"edit_history_tweet_ids":["10"]},"includes":{"users":[{"id":"7","name":"Ada","username":"ada"}]},"matching_rules":[{"id":"2","tag":"dotnet"}]}""" + "\r\n");
        await stream.SendAsync("""{"matching_rules":[{"id":"101","tag":"spark"}],"data":{"text":"no entities here, #spark found in text","id":"11"}}""" + "\r\n\r\n");
        await stream.SendAsync("""{"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect","detail":"This stream has been disconnected upstream for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}""" + "\r\n");
        await stream.SendAsync("""{"new_kind_of_message":{"x":1}}""" + "\r\n");
        await stream.SendAsync("""{"data":{"id":"12","text":"last","id":"12"}}""" + "\r\n");
        await run.RunUntilAsync(() => posts.All.Count >= 3);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(["GET", "add dry_run: #spark lang:en", "add: #spark lang:en"], x.Calls);
        Assert.Equal(["#other", "#dotnet", "#spark lang:en"], x.Rules.Select(rule => rule.Value));
        Assert.Equal(
            [
                new SocialPost("x", "10", "Streams in C# #dotnet #Spark", "ada", new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), ["dotnet", "Spark"], "en"),
                new SocialPost("x", "11", "no entities here, #spark found in text", null, null, ["spark"], null),
                new SocialPost("x", "12", "last", null, null, [], null),
            ],
            posts.All,
            new SocialPostComparer());
        Assert.Contains("This stream has been disconnected upstream for operational reasons", await run.Errors.WaitForAsync("X sent an error in the stream: operational-disconnect:"), StringComparison.Ordinal);
        Assert.Contains("X sent a message that is no post, starting {\"new_kind_of_message\"", await run.Errors.WaitForAsync("new_kind_of_message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithRemoveOtherRules_TheOnlyRulesLeftAreTheOnesGiven()
    {
        await using var x = await FakeXApi.StartAsync(new XStreamRuleState("1", "#other", null), new XStreamRuleState("2", "#dotnet", null));
        using var run = new SourceTestRun();
        run.Test.Collect(XUtils.CreateStream(run.Test.Context, Options(x, new XStreamRule("#dotnet")) with { RemoveOtherRules = true }));
        run.Test.Context.Start();

        await x.Server.NextRequestAsync();

        Assert.Equal(["GET", "delete: 1"], x.Calls);
        Assert.Equal(["#dotnet"], x.Rules.Select(rule => rule.Value));
    }

    [Fact]
    public async Task AnInvalidRule_StopsTheReceiverSayingWhy_AndNoRuleChanges()
    {
        await using var x = await FakeXApi.StartAsync(new XStreamRuleState("1", "#other", null));
        using var run = new SourceTestRun();
        run.Test.Collect(XUtils.CreateStream(run.Test.Context, Options(x, new XStreamRule("#dotnet"), new XStreamRule("(#spark OR #flink"))));
        var stopped = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Test.Context.AddStreamingListener(new ReceiverStopped(stopped));
        run.Test.Context.Start();

        var reason = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("X refused rules of the filtered stream, so the X receiver stops: '(#spark OR #flink': Invalid Rule (Unbalanced parentheses). Fix the rules (X's rule syntax) and start again.", reason);
        Assert.Equal(["GET", "add dry_run: #dotnet, (#spark OR #flink"], x.Calls);
        Assert.Equal(["#other"], x.Rules.Select(rule => rule.Value));
    }

    [Fact]
    public async Task AWrongToken_AndAStreamWithoutRules_AreReportedInWords_AndTriedAgain()
    {
        await using var x = await FakeXApi.StartAsync();
        using var run = new SourceTestRun("local[3]");
        run.Test.Collect(XUtils.CreateStream(run.Test.Context, Options(x, new XStreamRule("#dotnet")) with { BearerToken = "wrong" }));
        var noRules = run.Test.Collect(XUtils.CreateStream(run.Test.Context, Options(x)));
        run.Test.Context.Start();

        var unauthorized = await run.Errors.WaitForAsync("filtered stream's rules");
        await (await x.Server.NextRequestAsync()).AnswerAsync(409, """{"title":"ConnectionException","detail":"This stream has no rules configured.","type":"https://api.twitter.com/2/problems/streaming-connection"}""");
        var conflict = await run.Errors.WaitForAsync("HTTP 409");

        Assert.StartsWith($"X could not list the filtered stream's rules at {x.Server.Url}/2/tweets/search/stream/rules: HTTP 401 Unauthorized: Unauthorized. Check the token or credentials the request carries. X takes an app's bearer token (OAuth 2.0 app-only) for the filtered stream. Trying again in", unauthorized);
        Assert.Contains("HTTP 409 Conflict: ConnectionException - This stream has no rules configured. The filtered stream has no rules, so X sends nothing: give rules (XStreamOptions.Rules, or --x-rule). Trying again in", conflict, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Errors.Messages, message => message.Contains("wrong", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReconnection_AsksForBackfill_AndTheFirstConnectionDoesNot()
    {
        await using var x = await FakeXApi.StartAsync(new XStreamRuleState("1", "#dotnet", null));
        using var run = new SourceTestRun();
        var posts = run.Test.Collect(XUtils.CreateStream(run.Test.Context, Options(x) with { BackfillMinutes = 2 }));
        run.Test.Context.Start();

        var first = await x.Server.NextRequestAsync();
        await first.StartAsync("application/json");
        await first.SendAsync("""{"data":{"id":"1","text":"one"}}""" + "\r\n");
        await run.RunUntilAsync(() => posts.All.Count >= 1);
        first.Cut();
        var second = await x.Server.NextRequestAsync();
        await second.StartAsync("application/json");
        await second.SendAsync("""{"data":{"id":"2","text":"two"}}""" + "\r\n");
        await run.RunUntilAsync(() => posts.All.Count >= 2);

        Assert.DoesNotContain("backfill_minutes", first.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("&backfill_minutes=2", second.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public async Task OnExecutorProcesses_TheReceiverTravelsThere_AndEveryPostIsAPostOnce()
    {
        await using var x = await FakeXApi.StartAsync(new XStreamRuleState("1", "#dotnet", null));
        using var run = new SourceTestRun("local-cluster[2,1]");
        var texts = run.Test.Collect(XUtils.CreateStream(run.Test.Context, Options(x)).Map(post => post.Text));
        var started = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Test.Context.AddStreamingListener(new ReceiverStarted(started));
        run.Test.Context.Start();
        Assert.StartsWith("executor-", await started.Task.WaitAsync(TimeSpan.FromSeconds(60)));

        var stream = await x.Server.NextRequestAsync();
        await stream.StartAsync("application/json");
        foreach (var i in Enumerable.Range(0, 50))
        {
            await stream.SendAsync("{\"data\":{\"id\":\"" + i + "\",\"text\":\"post " + i + "\"}}\r\n");
        }

        await run.RunUntilAsync(() => texts.All.Count >= 50);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"post {i}").Order(), texts.All.Order());
    }

    private static XStreamOptions Options(FakeXApi x, params XStreamRule[] rules)
        => new() { BearerToken = FakeXApi.Token, ApiUrl = x.Server.Url, Rules = rules, Backoff = QuickBackoff.Value };
}
