namespace Sluice.Datasets;

/// <summary>Names a partition that is placed on one executor batch after batch: a stateful operator's partition, what a direct stream reads (a topic-partition), or a receiver.</summary>
/// <param name="Name">The operator's identity, or the stream's with what it reads.</param>
/// <param name="Partition">The partition.</param>
internal readonly record struct PartitionKey(string Name, int Partition)
{
    private const string ReceiverPrefix = "receiver of stream ";

    /// <summary>Whether this places a receiver, which holds one slot of its executor for as long as it runs.</summary>
    public bool IsReceiver => Name.StartsWith(ReceiverPrefix, StringComparison.Ordinal);

    /// <summary>The key of a stream's receiver.</summary>
    public static PartitionKey Receiver(int streamId) => new(ReceiverPrefix + streamId.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);
}
