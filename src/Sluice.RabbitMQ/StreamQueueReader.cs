using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Sluice.Sources;

namespace Sluice.RabbitMQ;

/// <summary>
/// Reads a batch's offset range of a stream queue in whichever process runs the task: a consumer on a channel of its
/// own, started at the range's first offset, taking deliveries until the range's last. The batch's tasks carry it to
/// executor processes as text and numbers, with the conversion of each message.
/// </summary>
internal sealed class StreamQueueReader<T>(string streamId, RabbitMQEndpoint endpoint, int prefetch, TimeSpan readTimeout, Func<RabbitMQMessage, T> convert)
    : IPositionReader<T, StreamQueueRange>
{
    public IEnumerable<T> Read(StreamQueueRange position, int attempt, CancellationToken cancellationToken)
    {
        if (position.Until <= position.From)
        {
            yield break;
        }

        var connection = StreamQueueConnections.GetAsync(streamId, endpoint, fresh: attempt > 0, cancellationToken).GetAwaiter().GetResult();
        var deliveries = Channel.CreateUnbounded<(long? Offset, ulong Tag, RabbitMQMessage Message)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var channel = Consume(connection, position, deliveries.Writer, cancellationToken).GetAwaiter().GetResult();
        try
        {
            var unacknowledged = 0;
            var first = true;
            while (true)
            {
                var (offset, tag, message) = Next(deliveries.Reader, position, cancellationToken);
                if (offset is not { } at)
                {
                    throw new RabbitMQReadException($"RabbitMQ at {endpoint.Address}, queue '{endpoint.Queue}': {RabbitMQErrors.NotAStreamQueue} (its deliveries carry no offset).");
                }

                // Each segment of a stream queue after its first begins with an offset that holds no message (a
                // tracking snapshot), so one offset skipped at the start is not a loss; retention removes whole
                // segments, which skips at least two.
                if (first && at > position.From + 1 && !position.FromFirst)
                {
                    throw new RabbitMQReadException($"Offsets [{position.From}, {at}) of stream queue '{endpoint.Queue}' at {endpoint.Address} are no longer in the queue: retention removed them before this batch read them. Keep messages longer (x-max-age, x-max-length-bytes) than the application may lag, or start without the checkpoint.");
                }

                first = false;
                if (++unacknowledged >= prefetch / 2)
                {
                    unacknowledged = 0;
                    channel.BasicAckAsync(tag, multiple: true, cancellationToken).AsTask().GetAwaiter().GetResult(); // credit for more
                }

                if (at < position.From)
                {
                    continue; // the consumer starts at the beginning of the chunk that holds the offset
                }

                if (at >= position.Until)
                {
                    yield break;
                }

                yield return convert(message);
                if (at == position.Until - 1)
                {
                    yield break;
                }
            }
        }
        finally
        {
            channel.Dispose(); // unacknowledged deliveries of a stream queue stay in it: nothing to give back
        }
    }

    private async Task<IChannel> Consume(IConnection connection, StreamQueueRange position, ChannelWriter<(long?, ulong, RabbitMQMessage)> deliveries, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            channel.ChannelShutdownAsync += (_, reason) =>
            {
                deliveries.TryComplete(reason.Exception ?? new RabbitMQReadException($"RabbitMQ at {endpoint.Address} closed the channel reading {position} ({reason.ReplyCode} {reason.ReplyText})."));
                return Task.CompletedTask;
            };
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                deliveries.TryWrite((RabbitMQDeliveries.Offset(delivery), delivery.DeliveryTag, RabbitMQDeliveries.ToMessage(delivery)));
                return Task.CompletedTask;
            };
            await channel.BasicQosAsync(0, (ushort)prefetch, global: false, cancellationToken).ConfigureAwait(false);
            await channel.BasicConsumeAsync(endpoint.Queue, autoAck: false, "", noLocal: false, exclusive: false, new Dictionary<string, object?> { [RabbitMQDeliveries.OffsetHeader] = position.From }, consumer, cancellationToken).ConfigureAwait(false);
            return channel;
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    private (long? Offset, ulong Tag, RabbitMQMessage Message) Next(ChannelReader<(long?, ulong, RabbitMQMessage)> deliveries, StreamQueueRange position, CancellationToken cancellationToken)
    {
        if (deliveries.TryRead(out var ready))
        {
            return ready;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(readTimeout);
        try
        {
            return deliveries.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RabbitMQReadException($"Reading {position} from RabbitMQ at {endpoint.Address}: no message came within {readTimeout.TotalSeconds:0.#} s, though the queue's end was past it when the batch was planned. Check that the broker runs; the task is tried again.");
        }
        catch (ChannelClosedException closed)
        {
            throw new RabbitMQReadException($"Reading {position} from RabbitMQ at {endpoint.Address}: {closed.InnerException?.Message ?? closed.Message} The task is tried again.", closed.InnerException ?? closed);
        }
    }
}
