namespace Sluice.Kinesis;

/// <summary>A record of a Kinesis data stream.</summary>
/// <param name="ShardId">The shard it is in.</param>
/// <param name="SequenceNumber">Its sequence number in the shard (a decimal number of up to 128 bits, as text).</param>
/// <param name="PartitionKey">The partition key it was put with.</param>
/// <param name="Data">Its data, as put.</param>
/// <param name="ApproximateArrivalTimestamp">When Kinesis took it.</param>
public sealed record KinesisRecord(string ShardId, string SequenceNumber, string PartitionKey, byte[] Data, DateTimeOffset ApproximateArrivalTimestamp);
