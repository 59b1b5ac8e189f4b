using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sluice.TestSupport;

/// <summary>A logger factory that keeps every entry, for tests that check what the engine says (a fallback's warning, a loss reported).</summary>
public sealed class LogCollector : ILoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Error)> _entries = new();

    /// <summary>Every entry so far, in order.</summary>
    public IReadOnlyList<(LogLevel Level, string Message, Exception? Error)> Entries => [.. _entries];

    /// <summary>The messages of the entries at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> Messages(LogLevel level = LogLevel.Warning) => [.. _entries.Where(entry => entry.Level >= level).Select(entry => entry.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
