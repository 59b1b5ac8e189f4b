namespace Sluice.Datasets;

/// <summary>Names a partition that is placed on one executor batch after batch: a stateful operator's partition, or what a direct stream reads (a topic-partition).</summary>
/// <param name="Name">The operator's identity, or the stream's with what it reads.</param>
/// <param name="Partition">The partition.</param>
internal readonly record struct PartitionKey(string Name, int Partition);
