namespace Sluice.Cli;

/// <summary>
/// How a command runs a context: until Ctrl+C or SIGTERM, <c>--duration</c> or <c>--batches</c>, whichever comes
/// first, then a graceful stop that finishes what was received. A run whose source never delivered a record because
/// of errors fails, saying why.
/// </summary>
internal static class StreamingRun
{
    public static async Task<int> RunAsync(StreamingContext context, TimeSpan duration, int batches, WordCountSource source, TextWriter error)
    {
        using var signal = new ShutdownSignal(error);
        var enough = new BatchCountdown(batches > 0 ? batches : int.MaxValue);
        var watch = new SourceWatch();
        context.AddStreamingListener(enough);
        context.AddStreamingListener(watch);
        context.AddStreamingListener(context.Options.Out as ConsoleStatusLine ?? (Monitoring.IStreamingListener)new BatchLogLine(error));
        try
        {
            context.Start();
        }
        catch (InvalidOperationException refused)
        {
            // What Start refuses here comes from the arguments (a receiver with one worker thread).
            throw new CliUsageException(refused.Message, refused);
        }

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

        await context.StopAsync(stopGracefully: true).ConfigureAwait(false);
        await context.AwaitTerminationAsync(CancellationToken.None).ConfigureAwait(false); // a failed batch throws here
        if (watch.Records == 0 && (watch.LastError ?? source.WhyNothing?.Invoke()) is { } why)
        {
            await error.WriteLineAsync($"error: nothing was read from {source.Description}: {why}").ConfigureAwait(false);
            return SluiceCommandLine.RunFailed;
        }

        return 0;
    }
}
