using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// Writes records to one Kafka topic: one producer per sink (Confluent's producer is thread-safe), shared by the
/// tasks of every batch, closed when the context stops. A task returns only once Kafka has confirmed every record it
/// produced, so a completed batch is in Kafka; a failed delivery fails the task, whose retry may write some records
/// twice (at-least-once). The producer is idempotent unless the configuration says otherwise, so the producer's own
/// retries never duplicate a record.
/// </summary>
internal sealed class KafkaSink<TKey, TValue> : IDisposable
{
    private readonly string _topic;
    private readonly Lazy<IProducer<TKey, TValue>> _producer;

    public KafkaSink(string topic, ProducerConfig config, ISerializer<TKey>? keys, ISerializer<TValue>? values)
    {
        _topic = topic;
        var settings = new ProducerConfig(new Dictionary<string, string>(config));
        settings.EnableIdempotence ??= true;
        _producer = new Lazy<IProducer<TKey, TValue>>(() =>
        {
            var builder = new ProducerBuilder<TKey, TValue>(settings);
            if (keys is not null)
            {
                builder.SetKeySerializer(keys);
            }

            if (values is not null)
            {
                builder.SetValueSerializer(values);
            }

            return builder.Build();
        });
    }

    /// <summary>Produces a partition's records and waits until Kafka confirmed them all.</summary>
    /// <exception cref="KafkaException">A record was not delivered.</exception>
    public void Write(IEnumerable<(TKey Key, TValue Value)> records)
    {
        var producer = _producer.Value;
        var pending = 0;
        Error? failure = null;
        var failures = 0;
        void Delivered(DeliveryReport<TKey, TValue> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failures);
                failure ??= report.Error;
            }

            Interlocked.Decrement(ref pending);
        }

        foreach (var (key, value) in records)
        {
            Interlocked.Increment(ref pending);
            while (true)
            {
                try
                {
                    producer.Produce(_topic, new Message<TKey, TValue> { Key = key, Value = value }, Delivered);
                    break;
                }
                catch (ProduceException<TKey, TValue> full) when (full.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(100)); // the local queue is full: let deliveries drain it
                }
            }
        }

        while (Volatile.Read(ref pending) > 0)
        {
            producer.Flush(TimeSpan.FromSeconds(1));
        }

        if (failure is { } error)
        {
            throw new KafkaException(new Error(error.Code,
                $"{failures} records were not delivered to topic {_topic}: {error.Reason}. The task is retried; records delivered before the failure may be written again (at-least-once)."));
        }
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }
}
