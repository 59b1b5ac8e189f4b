using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sluice.Web;

/// <summary>
/// Starts the UI while the host is starting, before any hosted service's start (the streaming context's among them),
/// so the UI records the first batch too. The UI stops with the context.
/// </summary>
internal sealed class WebUiHostedService(StreamingContext context, IOptions<WebUiOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        SluiceWebUi.Start(context, options.Value);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
