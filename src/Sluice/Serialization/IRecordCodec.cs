using System.Buffers;

namespace Sluice.Serialization;

/// <summary>
/// Turns records of one type into bytes and back, one after another in a buffer: how serialized blocks given to
/// <see cref="Sources.Receiver{T}.StoreSerialized"/> are read. <see cref="RecordCodecs"/>
/// has codecs for common types.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IRecordCodec<T>
{
    /// <summary>Appends one record to <paramref name="output"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="output">Where its bytes go.</param>
    void Write(T record, IBufferWriter<byte> output);

    /// <summary>Reads one record from the start of <paramref name="input"/> and moves <paramref name="input"/> past it.</summary>
    /// <param name="input">The bytes left to read.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The bytes end in the middle of a record, or are not a record of this codec.</exception>
    T Read(ref ReadOnlySpan<byte> input);
}
