using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Sluice.Monitoring;

/// <summary>
/// Delivers events to the registered listeners on a thread of its own, in the order they were posted, so a slow or
/// throwing listener never delays or fails a batch. Events wait in a bounded queue; when a listener falls so far
/// behind that the queue is full, new events are dropped (and counted in a warning) rather than holding up the engine.
/// </summary>
internal sealed partial class StreamingListenerBus
{
    /// <summary>How many events may wait for delivery before new ones are dropped.</summary>
    public const int Capacity = 10_000;

    /// <summary>How long a stop waits for the listeners to take the events still queued.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Channel<Action<IStreamingListener>> _events;
    private readonly Task _delivery;
    private IStreamingListener[] _listeners = [];
    private long _dropped;
    private int _deliveringThread; // the managed thread id delivering now, or 0

    public StreamingListenerBus(ILogger logger)
    {
        _logger = logger;
        _events = Channel.CreateBounded<Action<IStreamingListener>>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
            _ => OnDropped());
        _delivery = Task.Run(DeliverAsync); // waits on the thread pool without holding a thread while nothing is queued
    }

    public void Add(IStreamingListener listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    /// <summary>Queues an event for every listener registered when it is delivered; returns at once.</summary>
    public void Post(Action<IStreamingListener> deliver) => _events.Writer.TryWrite(deliver);

    /// <summary>Delivers what is queued (waiting at most <see cref="DrainTimeout"/>), then takes no more events.</summary>
    public void Stop()
    {
        _events.Writer.TryComplete();
        if (Volatile.Read(ref _deliveringThread) == Environment.CurrentManagedThreadId)
        {
            return; // a listener stops the context: the events after this one follow once it returns
        }

        if (!_delivery.Wait(DrainTimeout))
        {
            DrainTimedOut(_logger, DrainTimeout.TotalSeconds);
        }
    }

    private async Task DeliverAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Volatile.Write(ref _deliveringThread, Environment.CurrentManagedThreadId);
            while (reader.TryRead(out var deliver))
            {
                foreach (var listener in Volatile.Read(ref _listeners))
                {
                    try
                    {
                        deliver(listener);
                    }
                    catch (Exception error)
                    {
                        // A listener's bug must never reach the engine; the other listeners still get the event.
                        ListenerFailed(_logger, error, listener.GetType().Name);
                    }
                }
            }

            Volatile.Write(ref _deliveringThread, 0);
        }
    }

    private void OnDropped()
    {
        // Once per thousand, so a stuck listener does not flood the log as well.
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            EventsDropped(_logger, Interlocked.Read(ref _dropped), Capacity);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Streaming listener {Listener} threw; the event was skipped for it")]
    private static partial void ListenerFailed(ILogger logger, Exception error, string listener);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Dropped} listener events dropped so far: {Capacity} were waiting for a listener that does not keep up. Make the listener hand its work to another thread")]
    private static partial void EventsDropped(ILogger logger, long dropped, int capacity);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The listeners did not take the last events within {Seconds} s of the stop; those events are not delivered")]
    private static partial void DrainTimedOut(ILogger logger, double seconds);
}
