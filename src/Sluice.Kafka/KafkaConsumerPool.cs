using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// The executor-side consumers of one stream: one per topic-partition, cached between batches. A task takes a
/// consumer out of the pool and gives it back when done, so two tasks can never use one consumer at once; a
/// retried task, or one that failed, never gets the consumer of a failed attempt.
/// </summary>
internal sealed class KafkaConsumerPool<TKey, TValue>(ConsumerConfig config, IDeserializer<TKey>? keys, IDeserializer<TValue>? values) : IDisposable
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionConsumer<TKey, TValue>> _idle = new();
    private volatile bool _disposed;

    /// <summary>A consumer of <paramref name="partition"/> for this task alone; <paramref name="fresh"/> for a retry.</summary>
    public PartitionConsumer<TKey, TValue> Take(TopicPartition partition, bool fresh)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryRemove(partition, out var cached))
        {
            if (!fresh)
            {
                return cached;
            }

            cached.Dispose();
        }

        var builder = new ConsumerBuilder<TKey, TValue>(config);
        if (keys is not null)
        {
            builder.SetKeyDeserializer(keys);
        }

        if (values is not null)
        {
            builder.SetValueDeserializer(values);
        }

        return new PartitionConsumer<TKey, TValue>(builder.Build(), partition);
    }

    /// <summary>Gives back a consumer whose task read its range through.</summary>
    public void Return(PartitionConsumer<TKey, TValue> consumer)
    {
        if (_disposed || !_idle.TryAdd(consumer.Partition, consumer))
        {
            consumer.Dispose();
        }
        else if (_disposed && _idle.TryRemove(consumer.Partition, out var late))
        {
            late.Dispose(); // disposed while it was being returned
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var partition in _idle.Keys)
        {
            if (_idle.TryRemove(partition, out var consumer))
            {
                consumer.Dispose();
            }
        }
    }
}
