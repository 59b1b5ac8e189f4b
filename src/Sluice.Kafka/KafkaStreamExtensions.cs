using Confluent.Kafka;
using Sluice.Streams;

namespace Sluice.Kafka;

/// <summary>Kafka outputs of streams: each batch's records produced to a topic, confirmed before the batch completes.</summary>
public static class KafkaStreamExtensions
{
    /// <summary>
    /// Produces every record of each batch to <paramref name="topic"/> as a value with no key. The batch completes
    /// only after Kafka confirmed every record (at-least-once: a retried task may write some twice). The producer is
    /// idempotent unless <paramref name="config"/> sets <c>EnableIdempotence</c>.
    /// </summary>
    /// <param name="stream">The records.</param>
    /// <param name="topic">The topic written to.</param>
    /// <param name="config">The producer configuration: at least <c>BootstrapServers</c>.</param>
    /// <param name="serializer">How values become bytes; Confluent's own serve <c>string</c>, <c>byte[]</c> and numbers.</param>
    public static void ToKafka<T>(this DStream<T> stream, string topic, ProducerConfig config, ISerializer<T>? serializer = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Write(stream.Map(value => (default(Null)!, value)), topic, config, null, serializer);
    }

    /// <summary>
    /// Produces a keyed record per record of each batch to <paramref name="topic"/> (Kafka partitions by the key),
    /// for example <c>counts.ToKafka("counts", config, pair =&gt; pair.Word, pair =&gt; pair.Count)</c>. The batch
    /// completes only after Kafka confirmed every record; see <see cref="ToKafka{T}"/>.
    /// </summary>
    /// <param name="stream">The records.</param>
    /// <param name="topic">The topic written to.</param>
    /// <param name="config">The producer configuration: at least <c>BootstrapServers</c>.</param>
    /// <param name="key">The Kafka key of a record.</param>
    /// <param name="value">The Kafka value of a record.</param>
    /// <param name="keySerializer">How keys become bytes; Confluent's own serve <c>string</c>, <c>byte[]</c> and numbers.</param>
    /// <param name="valueSerializer">How values become bytes.</param>
    public static void ToKafka<T, TKey, TValue>(
        this DStream<T> stream, string topic, ProducerConfig config, Func<T, TKey> key, Func<T, TValue> value, ISerializer<TKey>? keySerializer = null, ISerializer<TValue>? valueSerializer = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Write(stream.Map(record => (key(record), value(record))), topic, config, keySerializer, valueSerializer);
    }

    private static void Write<TKey, TValue>(DStream<(TKey Key, TValue Value)> stream, string topic, ProducerConfig config, ISerializer<TKey>? keySerializer, ISerializer<TValue>? valueSerializer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            throw new ArgumentException("The producer config needs BootstrapServers (the Kafka brokers, host:port,...).", nameof(config));
        }

        var sink = new KafkaSink<TKey, TValue>(topic, config, keySerializer, valueSerializer);
        stream.Context.RegisterForDispose(sink);
        stream.ForeachBatch((rdd, _) => rdd.ForeachPartition(sink.Write), "toKafka");
    }
}
