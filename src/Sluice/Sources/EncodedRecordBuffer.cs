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
    private int _recentLargest; // blocks of late: the last cut's size, or half of this at the cut before when larger

    /// <summary>How many records the buffer holds.</summary>
    public int Count { get; private set; }

    /// <summary>How many bytes the buffer has room for before it grows.</summary>
    public int Capacity => _bytes.Capacity;

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

    /// <summary>
    /// Empties the buffer once its block is stored, and at each cut that found nothing to store; both decide whether
    /// the buffer keeps its capacity.
    /// </summary>
    public void Clear()
    {
        // The buffer keeps its capacity while blocks of late would fill a quarter of it, so blocks at a steady rate
        // are written without growing. Blocks vary in size (a batch's cut can come just after the block interval's
        // and take a sliver), and judged on the last block alone the buffer was dropped and grown again through
        // every power of two, copying what it held into fresh pages each time: a quarter of a socket receiver's
        // time. "Of late" halves at every cut, empty ones too, so after a burst the buffer goes within a few block
        // intervals and memory returns with the batches.
        var written = _bytes.WrittenCount;
        _recentLargest = Math.Max(written, _recentLargest / 2);
        if (_bytes.Capacity > Math.Max(4L * _recentLargest, 1 << 20))
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
