using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Sluice.HttpStreams.Tests;

/// <summary>
/// Kestrel on a loopback port. Requests to <c>/stream</c> and below are handed to the test one by one
/// (<see cref="NextRequestAsync"/>) and held open until it answers them; <paramref name="map"/> adds other endpoints.
/// </summary>
public sealed class StreamServer : IAsyncDisposable
{
    private readonly Channel<StreamRequest> _requests = Channel.CreateUnbounded<StreamRequest>();
    private readonly WebApplication _app;

    private StreamServer(string streamPath, Action<IEndpointRouteBuilder>? map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet(streamPath, async context =>
        {
            var request = new StreamRequest(context);
            _requests.Writer.TryWrite(request);
            try
            {
                await request.Done;
            }
            catch (OperationCanceledException)
            {
                // The client went away.
            }
        });
        map?.Invoke(_app);
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => _app.Urls.First();

    public static async Task<StreamServer> StartAsync(string streamPath = "/stream/{**rest}", Action<IEndpointRouteBuilder>? map = null)
    {
        var server = new StreamServer(streamPath, map);
        await server._app.StartAsync();
        return server;
    }

    /// <summary>The next request to the stream; fails after 30 s.</summary>
    public async Task<StreamRequest> NextRequestAsync() => await _requests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(patience.Token);
        await _app.DisposeAsync();
    }
}
