using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting;

/// <summary>
/// Starts the context with the host and stops it gracefully when the host stops, within the host's shutdown timeout
/// (past it, the batches still running are cancelled and run again from the checkpoint at the next start). A
/// context that stops on its own (a batch failed under <see cref="BatchFailurePolicy.StopContext"/>) stops the host.
/// </summary>
internal sealed class StreamingHostedService(StreamingContext context, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        context.Start();
        _ = context.AwaitTerminationAsync(CancellationToken.None).ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => context.StopAsync(stopGracefully: true, cancellationToken);
}
