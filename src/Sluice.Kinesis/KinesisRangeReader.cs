using Sluice.Sources;

namespace Sluice.Kinesis;

/// <summary>
/// Reads a batch's range of a Kinesis shard in whichever process runs the task: the records the driver read to plan
/// it when this is the driver's process and the task's first attempt, otherwise the shard from the range's first
/// sequence number (<c>AT_SEQUENCE_NUMBER</c>) to its last. It travels with tasks as text and numbers, with the
/// conversion of each record.
/// </summary>
internal sealed class KinesisRangeReader<T>(string streamId, KinesisEndpoint endpoint, int maxRecordsPerRequest, Func<KinesisRecord, T> convert)
    : IPositionReader<T, ShardRange>
{
    private const int ThrottledAttempts = 8;

    public IEnumerable<T> Read(ShardRange position, int attempt, CancellationToken cancellationToken)
    {
        if (position.First is null)
        {
            return [];
        }

        return attempt == 0 && PlannedRecords.Take(streamId, position) is { } planned
            ? planned.Select(convert)
            : ReadAsync(position, cancellationToken).ToBlockingEnumerable(cancellationToken);
    }

    private async IAsyncEnumerable<T> ReadAsync(ShardRange position, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var api = endpoint.Client();
        string? iterator = await api.GetShardIteratorAsync(position.Stream, position.ShardId, "AT_SEQUENCE_NUMBER", position.First, cancellationToken).ConfigureAwait(false);
        var first = true;
        while (iterator is not null)
        {
            var (records, next) = await GetRecordsAsync(api, position, iterator, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (first && record.SequenceNumber != position.First)
                {
                    throw new KinesisReadException($"Records from {position.First} of shard {position.ShardId} of Kinesis stream '{position.Stream}' at {endpoint.Address} are no longer in the shard (its oldest now is {record.SequenceNumber}): the retention period passed before this batch read them. Keep records longer than the application may lag (increase-stream-retention-period), or start without the checkpoint.");
                }

                first = false;
                if (SequenceNumbers.Compare(record.SequenceNumber, position.Last!) > 0)
                {
                    yield break;
                }

                yield return convert(record);
                if (record.SequenceNumber == position.Last)
                {
                    yield break;
                }
            }

            iterator = next;
        }

        throw new KinesisReadException($"Shard {position.ShardId} of Kinesis stream '{position.Stream}' at {endpoint.Address} ended before {position}'s last record: the shard was read to its end without it.");
    }

    /// <summary>GetRecords, waiting and trying again while Kinesis throttles (each shard allows five reads a second, over every consumer).</summary>
    private async Task<(List<KinesisRecord> Records, string? Next)> GetRecordsAsync(KinesisApi api, ShardRange position, string iterator, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await api.GetRecordsAsync(position.Stream, position.ShardId, iterator, maxRecordsPerRequest, cancellationToken).ConfigureAwait(false);
            }
            catch (KinesisApiException throttled) when (throttled.ErrorType == "ProvisionedThroughputExceededException" && attempt < ThrottledAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
