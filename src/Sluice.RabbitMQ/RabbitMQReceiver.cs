using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Sluice.Sources;

namespace Sluice.RabbitMQ;

/// <summary>
/// Consumes a RabbitMQ queue and stores what arrives. Deliveries are gathered for a flush interval (or until half the
/// prefetch waits), stored as one block, which returns once the block is stored (and logged, with the write-ahead
/// log), and only then acknowledged, all at once: a delivery is never acknowledged before it is stored, so a crash
/// or a lost connection makes the broker deliver again what was not stored, marked redelivered.
/// </summary>
/// <typeparam name="T">What each message becomes.</typeparam>
internal sealed class RabbitMQReceiver<T>(RabbitMQEndpoint endpoint, int prefetch, TimeSpan flushInterval, Func<RabbitMQMessage, T> convert) : AsyncReceiver<T>
{
    /// <summary>
    /// Connecting failed, the queue is missing, or a block could not be stored (a full disk under the write-ahead
    /// log): nothing unstored was acknowledged, so the broker delivers it again.
    /// </summary>
    protected override string DescribeFailure(Exception error)
        => $"{RabbitMQErrors.Describe(endpoint, error)} Deliveries not acknowledged go back to the queue; connecting again.";

    protected override async Task ReceiveAsync(CancellationToken stopping)
    {
        var open = await RabbitMQChannel.OpenAsync(endpoint, $"sluice-receiver-{StreamId}", stopping).ConfigureAwait(false);
        await using var close = open.ConfigureAwait(false);
        var channel = open.Channel;

        var pending = new PendingDeliveries<T>(prefetch / 2);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            Add(pending, delivery);
            return Task.CompletedTask;
        };

        await channel.BasicQosAsync(0, (ushort)prefetch, global: false, stopping).ConfigureAwait(false);
        await channel.BasicConsumeAsync(endpoint.Queue, autoAck: false, consumer, stopping).ConfigureAwait(false);
        RabbitMQLog.Consuming(Logger, endpoint.Queue, endpoint.Address, prefetch);

        while (!stopping.IsCancellationRequested)
        {
            await pending.WaitAsync(flushInterval, stopping).ConfigureAwait(false);
            await FlushAsync(channel, pending.TakeAll(), stopping).ConfigureAwait(false);
            if (open.Closed.IsCompleted)
            {
                var reason = await open.Closed.ConfigureAwait(false);
                Restart($"Lost the connection to RabbitMQ at {endpoint.Address}, queue '{endpoint.Queue}' ({reason.ReplyCode} {reason.ReplyText}); connecting again. Deliveries not acknowledged go back to the queue and come again.", reason.Exception);
                return;
            }
        }
    }

    private void Add(PendingDeliveries<T> pending, BasicDeliverEventArgs delivery)
    {
        try
        {
            pending.Add(delivery.DeliveryTag, convert(RabbitMQDeliveries.ToMessage(delivery)), converted: true);
        }
        catch (FormatException error)
        {
            ReportError(error.Message, error);
            pending.Add(delivery.DeliveryTag, default, converted: false); // acknowledged with the rest: delivered again, it would fail again
        }
    }

    /// <summary>Stores the records as one block, then acknowledges every delivery up to the last: in that order, so none is acknowledged unstored.</summary>
    private async Task FlushAsync(IChannel channel, (List<T> Records, ulong LastTag) received, CancellationToken stopping)
    {
        if (received.LastTag == 0)
        {
            return;
        }

        if (received.Records.Count > 0)
        {
            Store(received.Records);
        }

        if (channel.IsOpen)
        {
            await channel.BasicAckAsync(received.LastTag, multiple: true, stopping).ConfigureAwait(false);
        }

        // Otherwise stored and not acknowledged: the broker delivers them again, marked redelivered (at least once).
    }
}
