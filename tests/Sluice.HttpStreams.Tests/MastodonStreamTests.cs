using Sluice.Social;
using Sluice.TestSupport;

namespace Sluice.HttpStreams.Tests;

/// <summary>
/// The Mastodon receiver against Mastodon's documented streaming API served by Kestrel: <c>update</c> events become
/// posts with their HTML made text and their tags; deletes, edits and heartbeats are none; a server that streams only
/// to signed-in apps is reported in words, and the token is sent when given.
/// </summary>
public sealed class MastodonStreamTests
{
    [Fact]
    public async Task AHashtagTimelinesUpdates_ArePosts_WithTextAndTags_AndDeletesEditsAndHeartbeatsAreNone()
    {
        await using var server = await StreamServer.StartAsync("/api/v1/streaming/{**rest}");
        using var run = new SourceTestRun();
        var posts = run.Test.Collect(MastodonUtils.CreateStream(run.Test.Context, server.Url, hashtag: "#dotnet"));
        run.Test.Context.Start();

        var request = await server.NextRequestAsync();
        Assert.Equal("/api/v1/streaming/hashtag?tag=dotnet", request.PathAndQuery);
        Assert.Null(request.Header("Authorization"));
        await request.StartAsync("text/event-stream");
        await request.SendAsync(":)\n");
        await request.SendAsync(Update("""{"id":"109","created_at":"2026-12-01T10:00:00.000Z","language":"en","content":"<p>Hello <a href=\"https://example.social/tags/dotnet\" class=\"mention hashtag\" rel=\"tag\">#<span>dotnet</span></a> &amp; friends</p><p>line two<br />line three</p>","account":{"id":"1","username":"ada","acct":"ada@example.social"},"tags":[{"name":"dotnet","url":"https://example.social/tags/dotnet"}]}"""));
        await request.SendAsync(":thump\n\nevent: delete\ndata: 108\n\n");
        await request.SendAsync("event: status.update\ndata: {\"id\":\"109\",\"content\":\"<p>edited</p>\"}\n\n");
        await request.SendAsync(Update("""{"content":"<p>no tags list: #Streams and #1</p>","id":"110"}"""));
        await request.SendAsync(Update("not json"));
        await run.RunUntilAsync(() => posts.All.Count >= 2);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(
            [
                new SocialPost("mastodon", "109", "Hello #dotnet & friends\nline two\nline three", "ada@example.social", new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), ["dotnet"], "en"),
                new SocialPost("mastodon", "110", "no tags list: #Streams and #1", null, null, ["Streams"], null),
            ],
            posts.All,
            new SocialPostComparer());
        Assert.Contains("Mastodon sent an update with data that is not JSON", await run.Errors.WaitForAsync("not JSON"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatStreamsOnlyToSignedInApps_IsReportedInWords_AndTheTokenIsSentWhenGiven()
    {
        await using var server = await StreamServer.StartAsync("/api/v1/streaming/{**rest}");
        using var run = new SourceTestRun("local[3]");
        var quick = new ReconnectBackoff { HttpErrorInitial = TimeSpan.FromMilliseconds(20) };
        run.Test.Collect(MastodonUtils.CreateStream(run.Test.Context, new MastodonStreamOptions { ServerUrl = server.Url, Backoff = quick }));
        run.Test.Collect(MastodonUtils.CreateStream(run.Test.Context, new MastodonStreamOptions { ServerUrl = server.Url, Timeline = MastodonTimeline.Local, AccessToken = "secret-token", Backoff = quick }));
        run.Test.Context.Start();

        var requests = new[] { await server.NextRequestAsync(), await server.NextRequestAsync() };
        var signedIn = Assert.Single(requests, request => request.Header("Authorization") == "Bearer secret-token");
        Assert.Equal("/api/v1/streaming/public/local", signedIn.PathAndQuery);
        var anonymous = Assert.Single(requests, request => request.Header("Authorization") is null);
        await anonymous.AnswerAsync(401, """{"error":"Missing access token"}""", "application/json");

        Assert.Contains(
            "answered HTTP 401 Unauthorized: Missing access token. Check the token or credentials the request carries. This server streams only to signed-in apps: give an access token (MastodonStreamOptions.AccessToken, or --mastodon-token). Trying again in",
            await run.Errors.WaitForAsync("HTTP 401"),
            StringComparison.Ordinal);
        Assert.DoesNotContain(run.Errors.Messages, message => message.Contains("secret-token", StringComparison.Ordinal));
    }

    [Fact]
    public void ATimelineWithoutWhatItNeeds_IsRefusedInWords()
    {
        using var run = new SourceTestRun();
        Assert.Contains("The Hashtag timeline needs a Hashtag.", Assert.Throws<ArgumentException>(() => MastodonUtils.CreateStream(run.Test.Context, new MastodonStreamOptions { ServerUrl = "https://example.social", Timeline = MastodonTimeline.Hashtag })).Message, StringComparison.Ordinal);
        Assert.Contains("The User timeline needs an AccessToken", Assert.Throws<ArgumentException>(() => MastodonUtils.CreateStream(run.Test.Context, new MastodonStreamOptions { ServerUrl = "https://example.social", Timeline = MastodonTimeline.User })).Message, StringComparison.Ordinal);
        Assert.Contains("'example.social' is not a Mastodon server's address", Assert.Throws<ArgumentException>(() => MastodonUtils.CreateStream(run.Test.Context, "example.social")).Message, StringComparison.Ordinal);
    }

    private static string Update(string status) => $"event: update\ndata: {status}\n\n";
}
