using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// Which topic-partitions a Kafka direct stream reads and where it starts (Spark's <c>ConsumerStrategy</c>); made by
/// <see cref="ConsumerStrategies"/>. Offsets a checkpoint restores win over the starting offsets given here.
/// </summary>
/// <typeparam name="TKey">The record key type.</typeparam>
/// <typeparam name="TValue">The record value type.</typeparam>
public abstract class ConsumerStrategy<TKey, TValue>
{
    private protected ConsumerStrategy(ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? offsets)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            throw new ArgumentException("The consumer config needs BootstrapServers (the Kafka brokers, host:port,...).", nameof(config));
        }

        if (string.IsNullOrWhiteSpace(config.GroupId))
        {
            throw new ArgumentException("The consumer config needs a GroupId: the stream's consumer group, for committed offsets and to keep two applications apart.", nameof(config));
        }

        Config = config;
        Offsets = offsets ?? new Dictionary<TopicPartition, long>();
    }

    /// <summary>The consumer configuration: brokers, group id, security, and <c>AutoOffsetReset</c> for partitions with no committed offset.</summary>
    public ConsumerConfig Config { get; }

    /// <summary>Starting offsets for some partitions, which win over committed offsets.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Offsets { get; }

    internal IDeserializer<TKey>? KeyDeserializer { get; private set; }

    internal IDeserializer<TValue>? ValueDeserializer { get; private set; }

    /// <summary>Whether Kafka assigns the partitions (a group subscription), so another member of the group can take some away.</summary>
    internal abstract bool IsGroupSubscription { get; }

    /// <summary>
    /// Deserializers for keys and values; without them, Confluent.Kafka's own serve <c>string</c> (UTF-8),
    /// <c>byte[]</c>, <c>int</c>, <c>long</c>, <c>float</c>, <c>double</c>, <c>Null</c> and <c>Ignore</c>.
    /// </summary>
    /// <returns>This strategy.</returns>
    public ConsumerStrategy<TKey, TValue> WithDeserializers(IDeserializer<TKey>? keyDeserializer, IDeserializer<TValue>? valueDeserializer)
    {
        KeyDeserializer = keyDeserializer;
        ValueDeserializer = valueDeserializer;
        return this;
    }

    /// <summary>Subscribes or assigns the driver's consumer.</summary>
    internal abstract void Attach(IConsumer<byte[], byte[]> consumer);

    /// <summary>What a message about these partitions calls them.</summary>
    internal abstract string Describe();
}
