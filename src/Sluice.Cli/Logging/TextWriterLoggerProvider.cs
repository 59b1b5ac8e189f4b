using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sluice.Cli.Logging;

/// <summary>
/// Log lines written through <see cref="CliLogFormatter"/> to a writer of the caller's, for a command line run in
/// a process whose standard error is not the console (tests that run commands in process and read what they say).
/// </summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer, CliLogFormatter formatter) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly TextWriter _writer = writer;
    private readonly CliLogFormatter _formatter = formatter;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriterLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (provider._gate)
            {
                provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, provider._writer);
            }
        }
    }
}
