using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Sluice.Monitoring;
using Sluice.Web.Api;

namespace Sluice.Web;

/// <summary>
/// The web UI of a streaming context, on a Kestrel server of its own bound to 127.0.0.1 (or
/// <see cref="WebUiOptions.BindAddress"/>), or in an existing ASP.NET Core application with
/// <see cref="SluiceUiEndpointRouteBuilderExtensions.MapSluiceUi(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, StreamingContext, WebUiOptions?)"/>: pages with live charts, batch tables, the
/// receivers and the results dashboard at <c>/</c>; the REST API in the shape of Spark's streaming endpoints
/// (<c>/api/v1/applications/{app}/streaming/...</c>); and the metrics in Prometheus' text format at
/// <c>/metrics</c>. It stops with the context.
/// </summary>
public sealed class SluiceWebUi : IDisposable
{
    private readonly WebApplication _app;

    private SluiceWebUi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the UI listens, such as <c>http://127.0.0.1:4040/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts the UI of <paramref name="context"/> on the first free port from <see cref="WebUiOptions.Port"/>, and logs its address.</summary>
    /// <param name="context">A context not started yet, so the UI sees every batch.</param>
    /// <param name="options">Port and retention; defaults when null.</param>
    /// <exception cref="IOException">None of the ports tried was free.</exception>
    public static SluiceWebUi Start(StreamingContext context, WebUiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        options ??= new WebUiOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PortAttempts, 1);
        ArgumentNullException.ThrowIfNull(options.BindAddress);
        var store = Store(context, options);
        var logger = context.SluiceContext.LoggerFactory.CreateLogger<SluiceWebUi>();
        var attempts = options.Port == 0 ? 1 : options.PortAttempts;
        for (var attempt = 0; ; attempt++)
        {
            var port = options.Port == 0 ? 0 : options.Port + attempt;
            var app = Build(context, store, options.BindAddress, port);
            try
            {
                app.StartAsync().GetAwaiter().GetResult();
            }
            catch (IOException error) when (attempt + 1 < attempts)
            {
                WebUiLog.PortTaken(logger, port, error.Message);
                ((IDisposable)app).Dispose();
                continue;
            }
            catch (IOException error)
            {
                ((IDisposable)app).Dispose();
                throw new IOException($"The web UI found no free port among {options.BindAddress}:{options.Port}–{options.Port + attempts - 1}: {error.Message} Stop what uses them, or set WebUiOptions.Port (0 lets the system choose).", error);
            }

            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
            var ui = new SluiceWebUi(app, address);
            context.RegisterForDispose(ui);
            WebUiLog.Started(logger, address);
            return ui;
        }
    }

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }

    /// <summary>The UI's record of the context's batches, registered as one of its listeners (before it starts, to see every batch).</summary>
    internal static StreamingStatusStore Store(StreamingContext context, WebUiOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetainedBatches, 1);
        var store = new StreamingStatusStore(context.BatchInterval, options.RetainedBatches, ExecutorHost(context));
        context.AddStreamingListener(store);
        return store;
    }

    /// <summary>The pages and the REST API, on any ASP.NET Core application's routes.</summary>
    /// <summary>The host of an executor's address (<c>HOST:PORT</c>), for the row of a receiver it runs.</summary>
    private static Func<string, string?> ExecutorHost(StreamingContext context)
        => id => context.SluiceContext.GetExecutorInfos().FirstOrDefault(executor => executor.Id == id)?.Address is { } address
            && Uri.TryCreate($"http://{address}", UriKind.Absolute, out var uri) ? uri.Host : null;

    internal static void Map(IEndpointRouteBuilder routes, StreamingContext context, StreamingStatusStore store)
    {
        StreamingApi.Map(routes, context.Options.AppName, context.BatchInterval, store, DashboardBoard.For(context), context.SluiceContext);
        UiAssets.Map(routes);
    }

    private static WebApplication Build(StreamingContext context, StreamingStatusStore store, IPAddress bindAddress, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // the UI's own events go to the context's logger; Kestrel's chatter nowhere
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(bindAddress, port));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(context.Options.AppName))
            .WithMetrics(metrics => metrics.AddMeter(SluiceMeter.Name).AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        Map(app, context, store);
        return app;
    }
}
