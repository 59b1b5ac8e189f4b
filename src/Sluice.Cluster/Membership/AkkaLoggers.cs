using Microsoft.Extensions.Logging;

namespace Sluice.Cluster.Membership;

/// <summary>
/// The loggers Akka writes to, without what Sluice says better itself: Akka reports each peer's connection closing
/// (a killed executor, a driver that stopped) as an error with a stack, a known trait of Akka.Remote, while the
/// membership events say the same in Sluice's words (ClusterLog). Once this process's part in the cluster is ending
/// (<see cref="Quiet"/>), Akka says nothing more. Its other errors pass through.
/// </summary>
internal sealed class AkkaLoggers(ILoggerFactory inner) : ILoggerFactory
{
    private volatile bool _quiet;

    /// <summary>Silences Akka from now on.</summary>
    public void Quiet() => _quiet = true;

    public ILogger CreateLogger(string categoryName) => new Filtered(inner.CreateLogger(categoryName), this);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The factory is the application's; it disposes it.
    }

    private sealed class Filtered(ILogger inner, AkkaLoggers owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !owner._quiet && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!owner._quiet && !IsDisassociation(exception, formatter(state, exception)))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }

        private static bool IsDisassociation(Exception? exception, string message)
            => exception?.GetType().Name is "EndpointDisassociatedException" or "ShutDownAssociation" // Akka's internal types
                || message.Contains("EndpointDisassociatedException", StringComparison.Ordinal)
                || message.Contains("ShutDownAssociation", StringComparison.Ordinal);
    }
}
