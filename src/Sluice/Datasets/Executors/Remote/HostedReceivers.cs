using System.Collections.Concurrent;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>The receivers an executor runs, by input stream, for the driver's rate updates and stops.</summary>
internal sealed class HostedReceivers
{
    private readonly ConcurrentDictionary<int, IHostedReceiver> _running = new();

    public void Add(int streamId, IHostedReceiver receiver) => _running[streamId] = receiver;

    public void Remove(int streamId, IHostedReceiver receiver) => _running.TryRemove(new KeyValuePair<int, IHostedReceiver>(streamId, receiver));

    public void SetRate(int streamId, double recordsPerSecond)
    {
        if (_running.TryGetValue(streamId, out var receiver))
        {
            receiver.SetRate(recordsPerSecond);
        }
    }

    /// <summary>Stops the stream's receiver if it runs here; a stop for one that moved on is dropped.</summary>
    public void Stop(int streamId)
    {
        if (_running.TryGetValue(streamId, out var receiver))
        {
            receiver.Stop();
        }
    }
}
