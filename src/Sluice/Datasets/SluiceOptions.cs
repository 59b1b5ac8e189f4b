using Microsoft.Extensions.Logging;
using Sluice.Execution;

namespace Sluice.Datasets;

/// <summary>Options of a <see cref="SluiceContext"/>: where tasks run and how failures are retried.</summary>
public class SluiceOptions
{
    /// <summary>The default for <see cref="Master"/>: one worker thread per core.</summary>
    public const string DefaultMaster = "local[*]";

    /// <summary>The default for <see cref="MaxTaskFailures"/>, as Spark's <c>spark.task.maxFailures</c>.</summary>
    public const int DefaultMaxTaskFailures = 4;

    /// <summary>The application's name, as Spark's <c>spark.app.name</c>: shown by the web UI and its REST API, and the <c>app</c> tag of the metrics. Default <c>sluice</c>.</summary>
    public string AppName { get; set; } = "sluice";

    /// <summary>
    /// Where tasks run: <c>local</c> (one worker thread), <c>local[N]</c> (N threads) or <c>local[*]</c> (one per
    /// core); <c>local-serialized[N]</c> runs the same with every task and block through bytes, and
    /// <c>local-executors[N,C]</c> runs N executors of C slots in this process, each with its own shuffle outputs and
    /// blocks (state and direct streams do not run on them yet). Default <c>local[*]</c>.
    /// </summary>
    public string Master { get; set; } = DefaultMaster;

    /// <summary>
    /// How many times one task may fail before its job fails; a value of 1 means no retry. Default 4.
    /// </summary>
    public int MaxTaskFailures { get; set; } = DefaultMaxTaskFailures;

    /// <summary>
    /// Where the engine logs: receivers that cannot connect, directories that do not exist, checkpoints that cannot
    /// be written. When <see langword="null"/>, warnings and errors go to standard error, one line each; pass
    /// <c>NullLoggerFactory.Instance</c> to silence them, or the application's own factory to route them.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Checks every option, as a context does when it is created; a host calls it at start, to fail before anything
    /// runs.
    /// </summary>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentException">An option is not valid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public virtual SluiceOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Master, nameof(Master));
        ArgumentException.ThrowIfNullOrWhiteSpace(AppName, nameof(AppName));
        _ = MasterUrl.Parse(Master);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTaskFailures, 1, nameof(MaxTaskFailures));
        return this;
    }
}
