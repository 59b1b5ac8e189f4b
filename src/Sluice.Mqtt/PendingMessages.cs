using MQTTnet;

namespace Sluice.Mqtt;

/// <summary>Messages received and not yet stored; wakes the storing loop early once <paramref name="flushAt"/> wait.</summary>
internal sealed class PendingMessages(int flushAt)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _full = new(0, 1);
    private List<MqttApplicationMessageReceivedEventArgs> _messages = [];

    public void Add(MqttApplicationMessageReceivedEventArgs message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            if (_messages.Count >= flushAt && _full.CurrentCount == 0)
            {
                _full.Release();
            }
        }
    }

    /// <summary>Waits for <paramref name="interval"/>, or less when enough messages wait.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken stopping) => await _full.WaitAsync(interval, stopping).ConfigureAwait(false);

    public List<MqttApplicationMessageReceivedEventArgs> TakeAll()
    {
        lock (_gate)
        {
            var taken = _messages;
            _messages = [];
            return taken;
        }
    }
}
