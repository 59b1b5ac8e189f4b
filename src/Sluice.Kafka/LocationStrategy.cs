using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// Where a Kafka stream's tasks prefer to run (Spark's <c>LocationStrategy</c>), made by
/// <see cref="LocationStrategies"/>. A local context runs every task in its own process, where all choices are the
/// same; on executor processes each topic-partition is read by one executor batch after batch, spread evenly (Spark's
/// PreferConsistent), whichever is chosen, since executors are not matched to hosts yet. They are accepted so that
/// code written for Spark carries over.
/// </summary>
public sealed class LocationStrategy
{
    internal LocationStrategy(string name, IReadOnlyDictionary<TopicPartition, string>? hosts = null)
    {
        Name = name;
        Hosts = hosts ?? new Dictionary<TopicPartition, string>();
    }

    /// <summary>PreferConsistent, PreferBrokers or PreferFixed.</summary>
    public string Name { get; }

    /// <summary>For PreferFixed: the preferred host of each partition.</summary>
    public IReadOnlyDictionary<TopicPartition, string> Hosts { get; }
}
