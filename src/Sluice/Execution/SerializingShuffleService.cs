using System.Buffers;
using System.Collections.Concurrent;
using Sluice.Serialization;

namespace Sluice.Execution;

/// <summary>
/// Shuffle outputs kept as bytes, written and read with the record codecs (<see cref="RecordCodecs.Default{T}"/>), as
/// they would be to travel to an executor in another process: the serializing local mode's shuffle service. A record
/// type the codecs cannot write back whole shows here, in one process, and not first in a cluster.
/// </summary>
internal sealed class SerializingShuffleService : IShuffleService
{
    private readonly ConcurrentDictionary<int, SerializedBuckets?[]> _outputs = new();

    public void Register(int shuffleId, int mapPartitions, int reducePartitions)
        => _outputs.TryAdd(shuffleId, new SerializedBuckets?[mapPartitions]);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets)
    {
        var codec = RecordCodecs.Default<T>();
        var serialized = new SerializedBuckets([.. buckets.Select(bucket => Encode(bucket, codec))], [.. buckets.Select(bucket => bucket.Count)]);
        Volatile.Write(ref Outputs(shuffleId)[mapPartition], serialized);
    }

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
    {
        var outputs = Outputs(shuffleId);
        var codec = RecordCodecs.Default<T>();
        for (var map = 0; map < outputs.Length; map++)
        {
            var buckets = Volatile.Read(ref outputs[map])
                ?? throw new InvalidOperationException($"Shuffle {shuffleId} has no output for map partition {map}; its map stage must run first.");
            yield return Decode(buckets.Bytes[reducePartition], buckets.Counts[reducePartition], codec);
        }
    }

    public bool HasAllMapOutputs(int shuffleId)
        => _outputs.TryGetValue(shuffleId, out var outputs) && Array.TrueForAll(outputs, output => output is not null);

    public void Remove(int shuffleId) => _outputs.TryRemove(shuffleId, out _);

    public void Clear() => _outputs.Clear();

    private static byte[] Encode<T>(List<T> bucket, IRecordCodec<T> codec)
    {
        var output = new ArrayBufferWriter<byte>();
        try
        {
            foreach (var record in bucket)
            {
                codec.Write(record, output);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw CannotTravel<T>("writing them", error);
        }

        return output.WrittenSpan.ToArray();
    }

    private static List<T> Decode<T>(byte[] bytes, int count, IRecordCodec<T> codec)
    {
        var records = new List<T>(count);
        ReadOnlySpan<byte> rest = bytes;
        try
        {
            for (var i = 0; i < count; i++)
            {
                records.Add(codec.Read(ref rest));
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw CannotTravel<T>("reading them back", error);
        }

        return records;
    }

    private static InvalidOperationException CannotTravel<T>(string doing, Exception error)
        => new(
            $"Shuffled records of type {RecordCodecs.TypeName(typeof(T))} cannot travel between processes: {doing} with the record codec failed ({error.Message}). Shuffle a type the codecs write whole (strings, numbers, byte arrays, pairs of these, or a record System.Text.Json writes and reads back).",
            error);

    private SerializedBuckets?[] Outputs(int shuffleId)
        => _outputs.TryGetValue(shuffleId, out var outputs)
            ? outputs
            : throw new InvalidOperationException($"Shuffle {shuffleId} is not registered (or was cleaned up).");

    /// <summary>One map task's output: each reduce partition's bucket as bytes, and its record count.</summary>
    private sealed record SerializedBuckets(byte[][] Bytes, int[] Counts);
}
