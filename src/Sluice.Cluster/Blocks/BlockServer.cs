using System.Buffers.Binary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Cluster.Blocks;

/// <summary>
/// Serves the blocks of one process (<see cref="IBlockSource"/>) to the others over HTTP on Kestrel, many blocks per
/// request (<see cref="BlockChannel"/>), to callers that prove they know the cluster's secret; a process that keeps
/// copies of others' blocks (<see cref="IBlockSink"/>) also takes them, one per request.
/// </summary>
public sealed class BlockServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BlockServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the blocks are served, such as <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts serving <paramref name="blocks"/>.</summary>
    /// <exception cref="IOException">The address or port cannot be bound.</exception>
    public static async Task<BlockServer> StartAsync(IBlockSource blocks, BlockServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Secret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, HostedByTheApplication>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            kestrel.Listen(options.BindAddress, options.Port, listen => listen.Protocols = options.Http2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
        });
        var app = builder.Build();
        var token = BlockChannel.Token(options.Secret);
        app.MapPost(BlockChannel.Path, (HttpContext context) => ServeAsync(context, blocks, token));
        if (blocks is IBlockSink sink)
        {
            app.MapPut(BlockChannel.Path + "/{id}", (HttpContext context, string id) => TakeAsync(context, sink, id, token));
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException error)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"The block server cannot listen on {options.BindAddress}:{options.Port}: {error.Message} Choose another address or port (0 lets the system choose).", error);
        }

        var address = new UriBuilder(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) { Path = "/" };
        if (options.PublicHost is { Length: > 0 } publicHost)
        {
            address.Host = publicHost;
        }

        return new BlockServer(app, address.Uri);
    }

    private static async Task ServeAsync(HttpContext context, IBlockSource blocks, string token)
    {
        if (!BlockChannel.Authorizes(context.Request.Headers.Authorization, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("The request does not carry this cluster's secret: give every process of the application the same secret.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var ids = (await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        context.Response.ContentType = "application/octet-stream";
        var body = context.Response.BodyWriter;
        foreach (var id in ids)
        {
            var found = blocks.TryGet(id, out var bytes);
            BinaryPrimitives.WriteInt32LittleEndian(body.GetSpan(4), found ? bytes.Length : BlockChannel.Missing);
            body.Advance(4);
            if (found)
            {
                await body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            }
        }

        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task TakeAsync(HttpContext context, IBlockSink sink, string id, string token)
    {
        if (!BlockChannel.Authorizes(context.Request.Headers.Authorization, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("The request does not carry this cluster's secret: give every process of the application the same secret.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // A received block is as large as what its receiver stored in a block interval: no limit for a caller with the secret.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        try
        {
            sink.Put(id, body.ToArray());
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (InvalidDataException error)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(error.Message, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
