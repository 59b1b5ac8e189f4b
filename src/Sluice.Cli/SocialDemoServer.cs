using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Cli;

/// <summary>
/// A Mastodon streaming API on 127.0.0.1 serving generated posts (<see cref="GeneratedPosts"/>) as <c>update</c>
/// events at a fixed rate on <c>/api/v1/streaming/public</c>, so <c>sluice demo hashtags</c> runs the real Mastodon
/// receiver with nothing installed.
/// </summary>
internal sealed class SocialDemoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SocialDemoServer(int postsPerSecond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/api/v1/streaming/public", context => ServeAsync(context, postsPerSecond));
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>, for <c>--mastodon</c>.</summary>
    public string Url => _app.Urls.First();

    public static async Task<SocialDemoServer> StartAsync(int postsPerSecond)
    {
        var server = new SocialDemoServer(postsPerSecond);
        await server._app.StartAsync().ConfigureAwait(false);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(patience.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ServeAsync(HttpContext context, int postsPerSecond)
    {
        context.Response.ContentType = "text/event-stream";
        var posts = new GeneratedPosts(postsPerSecond * 60);
        var clock = Stopwatch.StartNew();
        var (sent, events) = (0L, new StringBuilder());
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                // Pace by the rate: send what is due by now in one write, and a heartbeat as Mastodon does.
                for (var due = (long)(clock.Elapsed.TotalSeconds * postsPerSecond) + 1; sent < due; sent++)
                {
                    events.Append("event: update\ndata: ").Append(posts.Next()).Append("\n\n");
                }

                await context.Response.WriteAsync(events.Append(":thump\n").ToString(), context.RequestAborted).ConfigureAwait(false);
                events.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50), context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The receiver went away, or the demo is stopping.
        }
    }
}
