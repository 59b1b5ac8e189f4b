using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Web;

/// <summary>The web UI inside an ASP.NET Core application of your own.</summary>
public static class SluiceUiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the web UI's pages and REST API (<c>/api/v1/applications/{app}/streaming/...</c>) of
    /// <paramref name="context"/> onto the application's routes, at its root (the pages ask for <c>/api/v1/...</c>).
    /// The application's own server, addresses and authentication apply; for <c>/metrics</c>, add the
    /// <c>Sluice</c> meter (<c>SluiceMeter.Name</c>) to its OpenTelemetry metrics.
    /// </summary>
    /// <param name="routes">The application (a <c>WebApplication</c>) or a route group at the root.</param>
    /// <param name="context">A context not started yet, so the UI sees every batch.</param>
    /// <param name="options">How many completed batches the UI keeps; the port and address options do not apply.</param>
    /// <returns>The routes, for chaining.</returns>
    public static IEndpointRouteBuilder MapSluiceUi(this IEndpointRouteBuilder routes, StreamingContext context, WebUiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(context);
        SluiceWebUi.Map(routes, context, SluiceWebUi.Store(context, options ?? new WebUiOptions()));
        return routes;
    }

    /// <summary>
    /// Maps the web UI of the application's own streaming context (registered with <c>AddSluiceStreaming</c> of
    /// Sluice.Hosting) onto its routes, as <see cref="MapSluiceUi(IEndpointRouteBuilder, StreamingContext, WebUiOptions?)"/> does.
    /// Call it before the application runs, so the UI sees every batch.
    /// </summary>
    /// <param name="routes">The application (a <c>WebApplication</c>) or a route group at the root.</param>
    /// <param name="options">How many completed batches the UI keeps; the port and address options do not apply.</param>
    /// <returns>The routes, for chaining.</returns>
    /// <exception cref="InvalidOperationException">No streaming context is registered.</exception>
    public static IEndpointRouteBuilder MapSluiceUi(this IEndpointRouteBuilder routes, WebUiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var context = routes.ServiceProvider.GetService<StreamingContext>()
            ?? throw new InvalidOperationException("MapSluiceUi found no StreamingContext among the application's services. Register one with builder.Services.AddSluiceStreaming(...) from the Sluice.Hosting package, or pass your context: app.MapSluiceUi(context).");
        return routes.MapSluiceUi(context, options);
    }
}
