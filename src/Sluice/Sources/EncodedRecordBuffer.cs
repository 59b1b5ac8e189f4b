using System.Buffers;
using Sluice.Serialization;
using Sluice.Storage;

namespace Sluice.Sources;

/// <summary>
/// The records a receiver stored as bytes since the last block cut, one after another as
/// <see cref="RecordCodecs.Default{T}"/> writes them. Not thread-safe: its supervisor uses it under its lock.
/// </summary>
internal sealed class EncodedRecordBuffer<T>
{
    private readonly IRecordCodec<T> _codec = RecordCodecs.Default<T>();
    private ArrayBufferWriter<byte> _bytes = new();

    /// <summary>How many records the buffer holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds records that are already bytes.</summary>
    public void Write(ReadOnlySpan<byte> records, int count)
    {
        _bytes.Write(records);
        Count += count;
    }

    /// <summary>Adds records by encoding them.</summary>
    public void Write(ReadOnlySpan<T> records)
    {
        RecordBlock.Write(records, _codec, _bytes, "Received records");
        Count += records.Length;
    }

    /// <summary>The records held, as a block of their own bytes; the buffer keeps them until <see cref="Clear"/>.</summary>
    public EncodedBlock ToBlock() => new(typeof(T), _bytes.WrittenSpan.ToArray(), Count);

    /// <summary>Empties the buffer once its block is stored.</summary>
    public void Clear()
    {
        // The buffer keeps its capacity, so the next block of this size is written without growing, unless a burst
        // left it far larger than this block: then it goes, and memory returns once the batches are done.
        var written = _bytes.WrittenCount;
        if (_bytes.Capacity > Math.Max(4 * written, 1 << 20))
        {
            _bytes = new ArrayBufferWriter<byte>(Math.Max(written, 256));
        }
        else
        {
            _bytes.ResetWrittenCount();
        }

        Count = 0;
    }
}
