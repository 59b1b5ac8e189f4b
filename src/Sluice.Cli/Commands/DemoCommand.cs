using System.Collections.Concurrent;
using System.CommandLine;
using Sluice.Datasets;
using Sluice.Monitoring;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice demo</c>: the classic word count over a real log file shipped with Sluice, fed batch by batch through
/// a queue stream, printing the top words of every batch until Ctrl+C or <c>--duration</c>.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output)
    {
        var batch = CliOptions.Duration("--batch", "Batch interval", TimeSpan.FromSeconds(1));
        var duration = CliOptions.Duration("--duration", "Stop gracefully after this long; runs until Ctrl+C when omitted");
        var batches = CliOptions.Positive("--batches", "Stop gracefully after this many batches; runs until Ctrl+C when omitted", int.MaxValue);
        var linesPerBatch = CliOptions.Positive("--lines-per-batch", "Lines of the log fed into each batch", 500);
        var top = CliOptions.Positive("--top", "How many words to print per batch", 10);
        var file = new Option<FileInfo>("--file") { Description = "The text file to feed; the bundled dpkg log by default." };
        var master = CliOptions.Master();
        var command = new Command("demo", "Word count of Spark Streaming's classic example over a bundled log file, batch by batch.")
        {
            batch, duration, batches, linesPerBatch, top, file, master,
        };

        command.SetAction(async (parsed, _) =>
        {
            using var signal = new ShutdownSignal();
            var cancellationToken = signal.Token;
            var path = parsed.GetValue(file)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log");
            if (!File.Exists(path))
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync($"Input file '{path}' does not exist. Pass an existing text file with --file.").ConfigureAwait(false);
                return 1;
            }

            var lines = await File.ReadAllLinesAsync(path, CancellationToken.None).ConfigureAwait(false);
            var options = new StreamingContextOptions { Master = parsed.GetRequiredValue(master), Out = output };
            using var context = new StreamingContext(options, parsed.GetValue(batch));
            var queue = new ConcurrentQueue<Rdd<string>>();
            var feed = new LoopingFeed(context, queue, lines, parsed.GetValue(linesPerBatch));
            context.AddStreamingListener(feed);
            var enough = new BatchCountdown(parsed.GetValue(batches));
            context.AddStreamingListener(enough);
            WordCountPipeline.CountsDescending(context.QueueStream(queue)).Print(parsed.GetValue(top));

            await output.WriteLineAsync($"Counting words of {path} ({lines.Length} lines), {parsed.GetValue(linesPerBatch)} lines per batch. Ctrl+C stops.").ConfigureAwait(false);
            context.Start();
            try
            {
                var stop = parsed.GetValue(duration);
                var running = Task.WhenAny(context.AwaitTerminationAsync(cancellationToken), enough.Reached);
                await (stop > TimeSpan.Zero ? running.WaitAsync(stop, cancellationToken) : running.WaitAsync(cancellationToken)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // --duration elapsed: fall through to the graceful stop.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: finish the batches already cut, then stop.
            }

            context.Stop(stopGracefully: true);
            await context.AwaitTerminationAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Keeps the queue one batch ahead, cycling through the file's lines.</summary>
    private sealed class LoopingFeed : IStreamingListener
    {
        private readonly StreamingContext _context;
        private readonly ConcurrentQueue<Rdd<string>> _queue;
        private readonly string[] _lines;
        private readonly int _linesPerBatch;
        private int _position;

        public LoopingFeed(StreamingContext context, ConcurrentQueue<Rdd<string>> queue, string[] lines, int linesPerBatch)
        {
            _context = context;
            _queue = queue;
            _lines = lines;
            _linesPerBatch = linesPerBatch;
            EnqueueNext();
        }

        public void OnBatchSubmitted(BatchInfo batch) => EnqueueNext();

        private void EnqueueNext()
        {
            var chunk = new string[Math.Min(_linesPerBatch, _lines.Length)];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = _lines[_position];
                _position = (_position + 1) % _lines.Length;
            }

            _queue.Enqueue(_context.SluiceContext.Parallelize(chunk));
        }
    }
}
