namespace Sluice.Cli;

/// <summary>
/// How a command runs a started context: until Ctrl+C or SIGTERM, <c>--duration</c> or <c>--batches</c>,
/// whichever comes first, then a graceful stop that finishes what was received.
/// </summary>
internal static class StreamingRun
{
    public static async Task<int> RunAsync(StreamingContext context, TimeSpan duration, int batches)
    {
        using var signal = new ShutdownSignal();
        var enough = new BatchCountdown(batches);
        context.AddStreamingListener(enough);
        context.AddStreamingListener(context.Options.Out as ConsoleStatusLine ?? (Monitoring.IStreamingListener)new BatchLogLine(Console.Error));
        context.Start();
        try
        {
            var running = Task.WhenAny(context.AwaitTerminationAsync(signal.Token), enough.Reached);
            await (duration > TimeSpan.Zero ? running.WaitAsync(duration, signal.Token) : running.WaitAsync(signal.Token)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // --duration elapsed: fall through to the graceful stop.
        }
        catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: finish the batches already received, then stop.
        }

        await Task.Run(() => context.Stop(stopGracefully: true)).ConfigureAwait(false);
        await context.AwaitTerminationAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
