using System.Collections.Concurrent;

namespace Sluice.Kinesis;

/// <summary>
/// The records the driver read to plan each range, kept for the task that reads the range in the driver's own process
/// (every local master), so that a range is fetched from Kinesis once, not twice. Tasks on executor processes, retried
/// tasks and batches run again after a recovery find nothing here and read the shard.
/// </summary>
internal static class PlannedRecords
{
    private const int KeptPerStream = 256; // ranges planned and not yet read: beyond this, the oldest are dropped (and read from Kinesis)
    private static readonly ConcurrentDictionary<(string Stream, string Shard, string First), List<KinesisRecord>> s_records = new();
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<(string, string, string)>> s_order = new();

    public static void Keep(string streamId, ShardRange range, List<KinesisRecord> records)
    {
        var key = (streamId, range.ShardId, range.First!);
        s_records[key] = records;
        var order = s_order.GetOrAdd(streamId, _ => new ConcurrentQueue<(string, string, string)>());
        order.Enqueue(key);
        while (order.Count > KeptPerStream && order.TryDequeue(out var oldest))
        {
            s_records.TryRemove(oldest, out _);
        }
    }

    /// <summary>The planned records of the range, once: a second reader of the same range reads the shard.</summary>
    public static List<KinesisRecord>? Take(string streamId, ShardRange range)
        => range.First is not null && s_records.TryRemove((streamId, range.ShardId, range.First), out var records) ? records : null;

    public static void Forget(string streamId)
    {
        if (s_order.TryRemove(streamId, out var order))
        {
            while (order.TryDequeue(out var key))
            {
                s_records.TryRemove(key, out _);
            }
        }
    }
}
