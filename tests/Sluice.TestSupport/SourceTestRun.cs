using Microsoft.Extensions.Logging;
using Sluice.Testing;

namespace Sluice.TestSupport;

/// <summary>A test's context on the manual clock, with its logs and the errors its sources report, and a way to run batches until something holds.</summary>
public sealed class SourceTestRun : IDisposable
{
    public SourceTestRun(string master = "local[2]", bool wal = false, Action<Sluice.StreamingContextOptions>? configure = null)
    {
        Test = new StreamingTestContext(master: master, configure: options =>
        {
            options.LoggerFactory = Logs;
            options.ReceiverWriteAheadLog = wal;
            options.ReceiverRestartDelay = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(options);
        });
        Test.Context.AddStreamingListener(Errors);
    }

    public StreamingTestContext Test { get; }

    public LogCollector Logs { get; } = new();

    public SourceErrors Errors { get; } = new();

    /// <summary>How many times a log line at Information contained <paramref name="text"/>.</summary>
    public int Logged(string text) => Logs.Messages(LogLevel.Information).Count(message => message.Contains(text, StringComparison.Ordinal));

    /// <summary>Runs batches until <paramref name="done"/>: what the broker delivers arrives on its own time, and each batch takes what is there.</summary>
    public async Task RunUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not done within 30 s. Errors: {string.Join(" | ", Errors.Messages.Distinct())}");
            }

            await Test.RunBatchesAsync(1);
            await Task.Delay(10);
        }
    }

    /// <summary>Starts the context and runs batches until <paramref name="text"/> was logged <paramref name="times"/> times (a consumer is in place).</summary>
    public async Task StartAsync(string text, int times = 1)
    {
        Test.Context.Start();
        await RunUntilAsync(() => Logged(text) >= times);
    }

    public void Dispose() => Test.Dispose();
}
