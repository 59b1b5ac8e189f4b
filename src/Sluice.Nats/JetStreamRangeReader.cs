using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Sluice.Sources;

namespace Sluice.Nats;

/// <summary>
/// Reads a batch's sequence range of a JetStream stream in whichever process runs the task: an ephemeral consumer
/// from the range's first sequence number, fetching what the server has until the range's last, then deleted. The batch's tasks
/// carry it to executor processes as text and numbers, with the conversion of each message.
/// </summary>
internal sealed class JetStreamRangeReader<T>(string streamId, NatsEndpoint endpoint, string[] filterSubjects, int fetchSize, Func<NatsMessage, T> convert)
    : IPositionReader<T, SequenceRange>
{
    public IEnumerable<T> Read(SequenceRange position, int attempt, CancellationToken cancellationToken)
        => position.Until <= position.From ? [] : ReadAsync(position, cancellationToken).ToBlockingEnumerable(cancellationToken);

    private async IAsyncEnumerable<T> ReadAsync(SequenceRange position, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await NatsConnections.GetAsync(streamId, endpoint, cancellationToken).ConfigureAwait(false);
        var jetStream = new NatsJSContext(connection);
        var consumer = await jetStream.CreateConsumerAsync(position.Stream, new ConsumerConfig
        {
            // A name of its own: without one, the client puts a single filter subject where the server reads the
            // consumer's name, and two readers of one batch with the same filter then collided ("start sequence can
            // not be updated"). Without DurableName, the consumer is still ephemeral.
            Name = $"sluice-{Guid.NewGuid():N}",
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = position.From,
            AckPolicy = ConsumerConfigAckPolicy.None,
            MemStorage = true,
            InactiveThreshold = TimeSpan.FromMinutes(1), // the server removes it if this process dies while reading
            FilterSubject = filterSubjects.Length == 1 ? filterSubjects[0] : null, // one filter works with servers before 2.10
            FilterSubjects = filterSubjects.Length > 1 ? filterSubjects : null,
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var record in ReadAsync(jetStream, consumer, position, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
        finally
        {
            await jetStream.DeleteConsumerAsync(position.Stream, consumer.Info.Name, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The range's messages: a first fetch that does not wait tells whether anything matches from the range's start,
    /// then the client pulls ahead as it consumes (<see cref="NatsJSConsumeOpts.MaxMsgs"/> at a time). It ends at the
    /// range's last sequence number, or when a message says nothing more is pending: filters and deleted messages
    /// leave holes, and everything the range holds was stored before the batch was planned.
    /// </summary>
    private async IAsyncEnumerable<T> ReadAsync(NatsJSContext jetStream, INatsJSConsumer consumer, SequenceRange position, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var size = (int)Math.Min((ulong)fetchSize, position.Until - position.From);
        var fetched = 0;
        await foreach (var message in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = size }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var step = await StepAsync(jetStream, position, message, first: fetched++ == 0, cancellationToken).ConfigureAwait(false);
            if (step != Step.Past)
            {
                yield return convert(NatsMessages.From(message));
            }

            if (step != Step.Take)
            {
                yield break;
            }
        }

        if (fetched == 0)
        {
            if (!position.FromFirst)
            {
                await CheckNotRemovedAsync(jetStream, position, cancellationToken).ConfigureAwait(false);
            }

            yield break; // nothing matches from the range's start on
        }

        await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = Math.Max(size, 2) }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var step = await StepAsync(jetStream, position, message, first: false, cancellationToken).ConfigureAwait(false);
            if (step != Step.Past)
            {
                yield return convert(NatsMessages.From(message));
            }

            if (step != Step.Take)
            {
                yield break;
            }
        }
    }

    /// <summary>What a message is to the range: one to take and go on, the last to take, or one past its end.</summary>
    private async Task<Step> StepAsync(NatsJSContext jetStream, SequenceRange position, INatsJSMsg<byte[]> message, bool first, CancellationToken cancellationToken)
    {
        var metadata = message.Metadata ?? throw new InvalidOperationException($"JetStream sent a message without its metadata reading {position}.");
        var sequence = metadata.Sequence.Stream;
        if (first && sequence > position.From && !position.FromFirst)
        {
            await CheckNotRemovedAsync(jetStream, position, cancellationToken).ConfigureAwait(false); // or filtered out, or deleted one by one
        }

        return sequence >= position.Until ? Step.Past
            : sequence == position.Until - 1 || metadata.NumPending == 0 ? Step.TakeLast
            : Step.Take;
    }

    /// <summary>Fails when the stream's limits removed the range's first messages before this batch read them.</summary>
    private async Task CheckNotRemovedAsync(NatsJSContext jetStream, SequenceRange position, CancellationToken cancellationToken)
    {
        var stream = await jetStream.GetStreamAsync(position.Stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (stream.Info.State.FirstSeq > position.From)
        {
            throw new NatsReadException($"Sequence numbers [{position.From}, {Math.Min(stream.Info.State.FirstSeq, position.Until)}) of JetStream stream '{position.Stream}' at {endpoint.Address} are no longer in the stream: its limits (max_age, max_msgs, max_bytes) removed them before this batch read them. Keep messages longer than the application may lag, or start without the checkpoint.");
        }
    }

    private enum Step
    {
        Take,
        TakeLast,
        Past,
    }
}
