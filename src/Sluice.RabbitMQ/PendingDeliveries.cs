namespace Sluice.RabbitMQ;

/// <summary>
/// Deliveries received and not yet stored, as records (none for one that could not be converted) with the newest
/// delivery tag; wakes the storing loop early once <paramref name="flushAt"/> wait.
/// </summary>
internal sealed class PendingDeliveries<T>(int flushAt)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _full = new(0, 1);
    private List<T> _records = [];
    private int _count;
    private ulong _lastTag;

    public void Add(ulong deliveryTag, T? record, bool converted)
    {
        lock (_gate)
        {
            if (converted)
            {
                _records.Add(record!);
            }

            _lastTag = deliveryTag;
            if (++_count >= flushAt && _full.CurrentCount == 0)
            {
                _full.Release();
            }
        }
    }

    /// <summary>Waits for <paramref name="interval"/>, or less when enough deliveries wait.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken stopping) => await _full.WaitAsync(interval, stopping).ConfigureAwait(false);

    /// <summary>The records waiting, and the tag up to which they (and those not converted) are acknowledged; 0 when none waits.</summary>
    public (List<T> Records, ulong LastTag) TakeAll()
    {
        lock (_gate)
        {
            var taken = (_records, _count == 0 ? 0UL : _lastTag);
            _records = [];
            _count = 0;
            return taken;
        }
    }
}
