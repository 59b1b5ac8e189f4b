using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Sluice.RabbitMQ;

/// <summary>
/// The driver's consumer that follows the end of a stream queue, which AMQP gives no other way to learn: it consumes
/// from the last chunk (or from the next message), acknowledges as it goes, and keeps only the highest offset seen
/// and the first. Batches plan their ranges up to that end; tasks read the messages themselves.
/// </summary>
internal sealed class StreamQueueTail(RabbitMQEndpoint endpoint, int prefetch, bool startAtNext, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private long _highest = -1;
    private long _firstSeen = -1;
    private string? _failure;
    private Task? _following;

    /// <summary>The offset after the highest seen; null until one is.</summary>
    public long? End => Volatile.Read(ref _highest) is >= 0 and var highest ? highest + 1 : null;

    /// <summary>The first offset seen since following began; null until one is.</summary>
    public long? FirstSeen => Volatile.Read(ref _firstSeen) is >= 0 and var first ? first : null;

    /// <summary>Whether the consumer following the end is in place (or connecting).</summary>
    public bool IsFollowing => _following is { IsCompleted: false };

    /// <summary>Starts following, or again once following failed; returns why it failed, once, in words.</summary>
    public string? EnsureFollowing()
    {
        if (_following is { IsCompleted: false } || _stopping.IsCancellationRequested)
        {
            return null;
        }

        var failure = _following is null ? null : Interlocked.Exchange(ref _failure, null);
        var from = startAtNext && FirstSeen is null ? "next" : "last"; // until the stream has its start, nothing older may count as seen
        _following = Task.Run(() => FollowAsync(from, _stopping.Token));
        return failure;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            _following?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Following reports its own failures; stopping is all that is left.
        }

        _stopping.Dispose();
    }

    private async Task FollowAsync(string from, CancellationToken stopping)
    {
        try
        {
            var open = await RabbitMQChannel.OpenAsync(endpoint, "sluice-stream-end", stopping).ConfigureAwait(false);
            await using var close = open.ConfigureAwait(false);
            var channel = open.Channel;

            var consumer = new AsyncEventingBasicConsumer(channel);
            var unacknowledged = 0;
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                if (!Seen(delivery))
                {
                    await channel.CloseAsync(stopping).ConfigureAwait(false); // unacknowledged: a queue of another kind keeps its message
                    return;
                }

                if (++unacknowledged >= prefetch / 2)
                {
                    unacknowledged = 0;
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: true, stopping).ConfigureAwait(false);
                }
            };

            await channel.BasicQosAsync(0, (ushort)prefetch, global: false, stopping).ConfigureAwait(false);
            await channel.BasicConsumeAsync(endpoint.Queue, autoAck: false, "", noLocal: false, exclusive: false, new Dictionary<string, object?> { [RabbitMQDeliveries.OffsetHeader] = from }, consumer, stopping).ConfigureAwait(false);
            RabbitMQLog.Following(logger, endpoint.Queue, endpoint.Address, from);
            var reason = await open.Closed.WaitAsync(stopping).ConfigureAwait(false);
            Volatile.Write(ref _failure, Volatile.Read(ref _failure) ?? $"RabbitMQ at {endpoint.Address}, queue '{endpoint.Queue}': lost the connection ({reason.ReplyCode} {reason.ReplyText}).");
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception error)
        {
            Volatile.Write(ref _failure, RabbitMQErrors.Describe(endpoint, error));
        }
    }

    /// <summary>Records the delivery's offset; false when it has none, from a queue that is not a stream queue.</summary>
    private bool Seen(BasicDeliverEventArgs delivery)
    {
        if (RabbitMQDeliveries.Offset(delivery) is not { } offset)
        {
            Volatile.Write(ref _failure, $"RabbitMQ at {endpoint.Address}, queue '{endpoint.Queue}': {RabbitMQErrors.NotAStreamQueue} (its deliveries carry no offset).");
            return false;
        }

        Interlocked.CompareExchange(ref _firstSeen, offset, -1);
        if (offset > Volatile.Read(ref _highest))
        {
            Volatile.Write(ref _highest, offset); // one consumer thread writes; the batch thread reads
        }

        return true;
    }
}
