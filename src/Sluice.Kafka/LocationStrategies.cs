using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>The location strategies of Spark's Kafka integration; see <see cref="LocationStrategy"/>.</summary>
public static class LocationStrategies
{
    /// <summary>Spread partitions evenly over the executors: the usual choice.</summary>
    public static LocationStrategy PreferConsistent { get; } = new("PreferConsistent");

    /// <summary>Run each partition's task where its leader broker is, when executors run on the brokers' hosts.</summary>
    public static LocationStrategy PreferBrokers { get; } = new("PreferBrokers");

    /// <summary>Run the given partitions' tasks on the given hosts.</summary>
    public static LocationStrategy PreferFixed(IReadOnlyDictionary<TopicPartition, string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        return new LocationStrategy("PreferFixed", hosts);
    }
}
