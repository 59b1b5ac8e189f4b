using System.Collections.Concurrent;
using Sluice.Monitoring;

namespace Sluice.Tests.Sources;

/// <summary>Receiver events as awaitable signals, so tests wait for what happened rather than for time to pass.</summary>
internal sealed class ReceiverEvents : IStreamingListener
{
    private readonly ConcurrentQueue<(string Kind, ReceiverInfo Info)> _events = new();
    private readonly List<(Func<string, ReceiverInfo, bool> Match, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyList<(string Kind, ReceiverInfo Info)> All => [.. _events];

    /// <summary>Completes when an event matching <paramref name="match"/> arrives (or has arrived).</summary>
    public Task WaitFor(Func<string, ReceiverInfo, bool> match)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_events.Any(e => match(e.Kind, e.Info)))
            {
                signal.SetResult();
            }
            else
            {
                _waiters.Add((match, signal));
            }
        }

        return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void OnReceiverStarted(ReceiverInfo receiver) => Add("started", receiver);

    public void OnReceiverError(ReceiverInfo receiver) => Add("error", receiver);

    public void OnReceiverStopped(ReceiverInfo receiver) => Add("stopped", receiver);

    private void Add(string kind, ReceiverInfo info)
    {
        lock (_waiters)
        {
            _events.Enqueue((kind, info));
            foreach (var waiter in _waiters.Where(w => w.Match(kind, info)).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
