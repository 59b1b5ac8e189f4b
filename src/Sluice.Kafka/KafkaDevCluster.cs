using System.Runtime.InteropServices;
using System.Text;

namespace Sluice.Kafka;

/// <summary>
/// A Kafka cluster for development and tests, with no Kafka installed: librdkafka's built-in mock cluster, which
/// speaks the real Kafka protocol on 127.0.0.1 ports the system chooses. Any Kafka client (Confluent.Kafka, kcat)
/// connects to <see cref="BootstrapServers"/>. It lives as long as this object.
/// </summary>
/// <remarks>
/// Limits of the mock: each partition keeps only about 5 MiB of batches and drops older ones (the low watermark
/// moves up); transactions are accepted but not enforced. Topics are created on first use with 4 partitions, or
/// with <see cref="CreateTopic"/>.
/// </remarks>
public sealed class KafkaDevCluster : IDisposable
{
    private const int ProducerType = 0;
    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;
    private KafkaDevRetentionWatch? _retention;

    private KafkaDevCluster(IntPtr handle, IntPtr cluster, int brokers)
    {
        _handle = handle;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(LibRdKafka.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap address.");
        LibRdKafka.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0); // consumers join groups at once
    }

    /// <summary>The brokers' addresses, <c>127.0.0.1:port,...</c>, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has; their ids are 1 to this number.</summary>
    public int Brokers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokers"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">librdkafka could not create the cluster.</exception>
    public static KafkaDevCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(brokers);
        LibRdKafka.EnsureLoaded();
        var error = new byte[512];
        var conf = LibRdKafka.rd_kafka_conf_new();
        // The client only owns the cluster and never connects: without this, it warns that it has no bootstrap servers.
        LibRdKafka.rd_kafka_conf_set(conf, "log_level", "4", error, (UIntPtr)error.Length);
        var handle = LibRdKafka.rd_kafka_new(ProducerType, conf, error, (UIntPtr)error.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librdkafka could not create the client that owns the mock cluster: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }

        var cluster = LibRdKafka.rd_kafka_mock_cluster_new(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            LibRdKafka.rd_kafka_destroy(handle);
            throw new InvalidOperationException($"librdkafka could not start a mock cluster of {brokers} brokers.");
        }

        return new KafkaDevCluster(handle, cluster, brokers);
    }

    /// <summary>Creates a topic with <paramref name="partitions"/> partitions.</summary>
    /// <exception cref="InvalidOperationException">The cluster refused (the topic exists, or a count is invalid).</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicationFactor);
        Check(LibRdKafka.rd_kafka_mock_topic_create(Cluster, name, partitions, replicationFactor), $"create topic {name} with {partitions} partitions");
    }

    /// <summary>Takes broker <paramref name="brokerId"/> down: its connections close and it refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(LibRdKafka.rd_kafka_mock_broker_set_down(Cluster, brokerId), $"take broker {brokerId} down");

    /// <summary>Brings broker <paramref name="brokerId"/> back up.</summary>
    public void SetBrokerUp(int brokerId) => Check(LibRdKafka.rd_kafka_mock_broker_set_up(Cluster, brokerId), $"bring broker {brokerId} up");

    /// <summary>Deletes the records of a partition before <paramref name="beforeOffset"/>, as retention would: the low watermark moves there.</summary>
    public void DeleteRecords(string topic, int partition, long beforeOffset)
        => Check(LibRdKafka.rd_kafka_mock_partition_delete_records(Cluster, topic, partition, beforeOffset), $"delete the records of {topic}[{partition}] before offset {beforeOffset}");

    /// <summary>
    /// The records each partition dropped since the last call, to stay within the about 5 MiB the cluster keeps per
    /// partition: records a consumer that had not read them yet will never see. Call it every second or so and say
    /// what it finds (<c>sluice kafka-dev</c> warns on standard error).
    /// </summary>
    /// <param name="timeout">How long the metadata and offset queries may take.</param>
    /// <returns>One range per partition that dropped records: the offsets dropped.</returns>
    public IReadOnlyList<OffsetRange> DroppedRecords(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
        return (_retention ??= new KafkaDevRetentionWatch(BootstrapServers)).Check(timeout);
    }

    /// <summary>Stops the cluster; its clients see the brokers disconnect.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _retention?.Dispose();
            _retention = null;
            if (_cluster != IntPtr.Zero)
            {
                LibRdKafka.rd_kafka_mock_cluster_destroy(_cluster);
                LibRdKafka.rd_kafka_destroy(_handle);
                _cluster = IntPtr.Zero;
                _handle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster
    {
        get
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            return _cluster;
        }
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"The Kafka development cluster could not {what}: {LibRdKafka.ErrorText(error)}.");
        }
    }
}
