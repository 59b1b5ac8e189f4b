using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Sluice.Driver;

/// <summary>
/// Stops a running context gracefully on the process's first SIGTERM or Ctrl+C (SIGINT), so the batch running and
/// the data received complete and an application waiting in <c>AwaitTermination</c> returns and exits with 0,
/// as a service manager's stop expects; a second signal ends the process at once, as the signal's default does.
/// </summary>
internal sealed partial class SignalShutdown : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly Action _stopGracefully;
    private readonly ILogger _logger;
    private int _signals;

    public SignalShutdown(Action stopGracefully, ILogger logger)
    {
        _stopGracefully = stopGracefully;
        _logger = logger;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            return; // not cancelled: the runtime ends the process, as without this handler
        }

        context.Cancel = true;
        Stopping(_logger, context.Signal.ToString());

        // Off the signal's thread, which must return for the runtime to go on.
        _ = Task.Run(_stopGracefully);
    }

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "{Signal} received: stopping gracefully after the batches already received (send it again to stop at once)")]
    private static partial void Stopping(ILogger logger, string signal);
}
