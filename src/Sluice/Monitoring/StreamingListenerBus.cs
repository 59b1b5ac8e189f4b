using Microsoft.Extensions.Logging;

namespace Sluice.Monitoring;

/// <summary>Delivers events to the registered listeners one at a time, isolating the engine from their failures.</summary>
internal sealed partial class StreamingListenerBus(ILogger logger)
{
    private readonly Lock _gate = new();
    private IStreamingListener[] _listeners = [];

    public void Add(IStreamingListener listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    public void Post(Action<IStreamingListener> deliver)
    {
        lock (_gate)
        {
            foreach (var listener in _listeners)
            {
                try
                {
                    deliver(listener);
                }
                catch (Exception error)
                {
                    // A listener's bug must never fail or delay a batch beyond its own call.
                    ListenerFailed(logger, error, listener.GetType().Name);
                }
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Streaming listener {Listener} threw; the event was skipped for it")]
    private static partial void ListenerFailed(ILogger logger, Exception error, string listener);
}
