using System.Buffers;
using System.Runtime.InteropServices;
using Sluice.Serialization;

namespace Sluice.Execution;

/// <summary>
/// Shuffle outputs kept as bytes, written and read with the record codecs (<see cref="RecordCodecs.Default{T}"/>), as
/// they would be to travel to an executor in another process: the serializing local mode's shuffle service. A record
/// type the codecs cannot write back whole shows here, in one process, and not first in a cluster.
/// </summary>
internal sealed class SerializingShuffleService : IShuffleService
{
    private readonly ShuffleOutputs<SerializedBuckets> _outputs = new();

    public void Register(int shuffleId, int mapPartitions, int reducePartitions) => _outputs.Register(shuffleId, mapPartitions);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets)
    {
        var codec = RecordCodecs.Default<T>();
        _outputs.Write(shuffleId, mapPartition, new SerializedBuckets([.. buckets.Select(bucket => Encode(bucket, codec))], [.. buckets.Select(bucket => bucket.Count)]));
    }

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
    {
        var codec = RecordCodecs.Default<T>();
        return _outputs.Read(shuffleId).Select(buckets => Decode(buckets.Bytes[reducePartition], buckets.Counts[reducePartition], codec));
    }

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId) => _outputs.Missing(shuffleId);

    /// <summary>One map partition's bucket for one reduce partition, as its bytes and record count: what another executor fetches.</summary>
    public bool TryGetBucket(int shuffleId, int mapPartition, int reducePartition, out byte[] bytes, out int count)
    {
        if (_outputs.TryGet(shuffleId, mapPartition) is { } buckets)
        {
            (bytes, count) = (buckets.Bytes[reducePartition], buckets.Counts[reducePartition]);
            return true;
        }

        (bytes, count) = ([], 0);
        return false;
    }

    /// <summary>A bucket's records from its bytes.</summary>
    public static List<T> Decode<T>(ReadOnlySpan<byte> bytes, int count) => Decode(bytes, count, RecordCodecs.Default<T>());

    public void Remove(int shuffleId) => _outputs.Remove(shuffleId);

    public void Clear() => _outputs.Clear();

    private static byte[] Encode<T>(List<T> bucket, IRecordCodec<T> codec)
    {
        var output = new ArrayBufferWriter<byte>();
        RecordBlock.Write<T>(CollectionsMarshal.AsSpan(bucket), codec, output, "Shuffled records");
        return output.WrittenSpan.ToArray();
    }

    private static List<T> Decode<T>(ReadOnlySpan<byte> bytes, int count, IRecordCodec<T> codec) => [.. RecordBlock.Read(bytes, count, codec, "Shuffled records")];

    /// <summary>One map task's output: each reduce partition's bucket as bytes, and its record count.</summary>
    private sealed record SerializedBuckets(byte[][] Bytes, int[] Counts);
}
