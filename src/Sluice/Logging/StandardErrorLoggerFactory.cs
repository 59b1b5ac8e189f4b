using Microsoft.Extensions.Logging;

namespace Sluice.Logging;

/// <summary>
/// Where the engine logs when the application gives no <c>SluiceOptions.LoggerFactory</c>: warnings and
/// errors, one line each, on standard error, as Spark's default logging does. An engine that keeps its warnings to
/// itself leaves its users guessing why their batches are empty.
/// </summary>
internal sealed class StandardErrorLoggerFactory : ILoggerFactory
{
    public static StandardErrorLoggerFactory Instance { get; } = new();

    private StandardErrorLoggerFactory()
    {
    }

    public ILogger CreateLogger(string categoryName) => Logger.Instance;

    public void AddProvider(ILoggerProvider provider)
        => throw new NotSupportedException("Give StreamingContextOptions.LoggerFactory a factory of your own to add providers.");

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        public static Logger Instance { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var cause = exception is null || message.Contains(exception.Message, StringComparison.Ordinal) ? "" : $" ({exception.Message})";
            Console.Error.WriteLine($"{(logLevel == LogLevel.Warning ? "warning" : "error")}: {message}{cause}");
        }
    }
}
