using System.Collections.Concurrent;
using Confluent.Kafka;
using Sluice.Sources;

namespace Sluice.Kafka;

/// <summary>
/// Reads a batch's offset range of one topic-partition in whichever process runs the task. The batch's tasks carry
/// it to executor processes (the consumer settings as text, the deserializers, the poll timeout), and it keeps its
/// consumers in a pool of that process under the stream's id, one idle consumer per topic-partition, as Spark's
/// executors cache theirs. The stream places each topic-partition on one executor, so that consumer stays warm.
/// </summary>
internal sealed class KafkaPartitionReader<TKey, TValue>(
    string streamId, KeyValuePair<string, string>[] config, IDeserializer<TKey>? keys, IDeserializer<TValue>? values, TimeSpan pollTimeout)
    : IPositionReader<ConsumeResult<TKey, TValue>, OffsetRange>
{
    private static readonly ConcurrentDictionary<string, KafkaConsumerPool<TKey, TValue>> s_pools = new();
    private static readonly ConcurrentDictionary<string, byte> s_closed = new();

    public IEnumerable<ConsumeResult<TKey, TValue>> Read(OffsetRange position, int attempt, CancellationToken cancellationToken)
    {
        if (position.Count == 0)
        {
            yield break;
        }

        var pool = Pool();
        var consumer = pool.Take(position.TopicPartition, fresh: attempt > 0);
        var complete = false;
        try
        {
            foreach (var record in consumer.Read(position, pollTimeout, cancellationToken))
            {
                yield return record;
            }

            complete = true;
        }
        finally
        {
            if (complete)
            {
                pool.Return(consumer);
            }
            else
            {
                consumer.Dispose(); // a failed or abandoned read: its position and state are not trusted again
            }
        }
    }

    /// <summary>Closes the stream's consumers in this process (the driver's, as the stream stops); reading afterwards fails.</summary>
    public static void Close(string streamId)
    {
        s_closed[streamId] = 0;
        if (s_pools.TryRemove(streamId, out var pool))
        {
            pool.Dispose();
        }
    }

    private KafkaConsumerPool<TKey, TValue> Pool()
    {
        ObjectDisposedException.ThrowIf(s_closed.ContainsKey(streamId), this);
        return s_pools.GetOrAdd(streamId, _ => new KafkaConsumerPool<TKey, TValue>(new ConsumerConfig(config.ToDictionary()), keys, values));
    }
}
