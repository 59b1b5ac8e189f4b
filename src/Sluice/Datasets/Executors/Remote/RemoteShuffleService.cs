using System.Buffers.Binary;
using Sluice.Execution;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// An executor process's shuffle service: map outputs written here stay here as bytes (served to the others as
/// buckets); a reduce task asks the driver's tracker where each map partition's output is and fetches the buckets,
/// many per request, from each executor that holds some. An output that cannot be fetched is a fetch failure.
/// </summary>
internal sealed class RemoteShuffleService(SerializingShuffleService local, IExecutorPeers peers, string executorId, Func<long> epoch) : IShuffleService
{
    public SerializingShuffleService Local => local;

    public void Register(int shuffleId, int mapPartitions, int reducePartitions) => local.Register(shuffleId, mapPartitions, reducePartitions);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets)
    {
        local.WriteMapOutput(shuffleId, mapPartition, buckets);
        if (TaskContext.Current is { } task)
        {
            for (var reduce = 0; reduce < buckets.Length; reduce++)
            {
                task.ShuffleBytesWritten += local.TryGetBucket(shuffleId, mapPartition, reduce, out var bytes, out _) ? bytes.Length : 0;
            }
        }
    }

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
    {
        var locations = peers.MapOutputLocations(shuffleId, epoch());
        var buckets = new (ReadOnlyMemory<byte> Bytes, int Count)[locations.Length];
        foreach (var holder in locations.Select((executor, map) => (executor, map)).GroupBy(location => location.executor))
        {
            var maps = holder.Select(location => location.map).ToArray();
            if (holder.Key is null)
            {
                throw new FetchFailedException(shuffleId, maps[0], null);
            }

            if (holder.Key == executorId)
            {
                foreach (var map in maps)
                {
                    buckets[map] = local.TryGetBucket(shuffleId, map, reducePartition, out var bytes, out var count) ? (bytes, count) : throw new FetchFailedException(shuffleId, map, executorId);
                }

                continue;
            }

            byte[]?[] fetched;
            try
            {
                fetched = peers.Fetch(holder.Key, [.. maps.Select(map => RemoteBlockIds.Bucket(shuffleId, map, reducePartition))]);
            }
            catch (IOException)
            {
                throw new FetchFailedException(shuffleId, maps[0], holder.Key);
            }

            for (var i = 0; i < maps.Length; i++)
            {
                var wire = fetched[i] ?? throw new FetchFailedException(shuffleId, maps[i], holder.Key);
                buckets[maps[i]] = (wire.AsMemory(4), BinaryPrimitives.ReadInt32LittleEndian(wire)); // decoded in place, not copied
            }
        }

        if (TaskContext.Current is { } task)
        {
            task.ShuffleBytesRead += buckets.Sum(bucket => (long)bucket.Bytes.Length);
        }

        return buckets.Select(bucket => SerializingShuffleService.Decode<T>(bucket.Bytes.Span, bucket.Count));
    }

    /// <summary>A bucket as it travels: its record count, then its bytes.</summary>
    public bool TryGetBucketWire(int shuffleId, int mapPartition, int reducePartition, out byte[] wire)
    {
        if (!local.TryGetBucket(shuffleId, mapPartition, reducePartition, out var bytes, out var count))
        {
            wire = [];
            return false;
        }

        wire = new byte[4 + bytes.Length];
        BinaryPrimitives.WriteInt32LittleEndian(wire, count);
        bytes.CopyTo(wire, 4);
        return true;
    }

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId) => local.MissingMapOutputs(shuffleId);

    public void Remove(int shuffleId) => local.Remove(shuffleId);

    public void Clear() => local.Clear();
}
