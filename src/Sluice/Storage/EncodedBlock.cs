using System.Buffers;
using System.Collections.Concurrent;
using Sluice.Serialization;

namespace Sluice.Storage;

/// <summary>
/// A block kept as its records' bytes, one record after another as <see cref="RecordCodecs.Default{T}"/> writes them:
/// a line of text costs its UTF-8 bytes and a length byte or two, not a string object. Read back in the task that
/// reads it: into a new array (<see cref="Decode()"/>), or a record at a time (<see cref="EncodedRecords{T}"/>).
/// </summary>
/// <param name="ElementType">The records' type.</param>
/// <param name="Bytes">The records' bytes, exactly as many as they take.</param>
/// <param name="Count">How many records.</param>
internal sealed record EncodedBlock(Type ElementType, byte[] Bytes, int Count)
{
    private static readonly ConcurrentDictionary<Type, IBlockCodec> s_codecs = new();

    /// <summary>The block of <paramref name="records"/>, written with their type's default codec.</summary>
    public static EncodedBlock Of(Array records)
    {
        var elementType = records.GetType().GetElementType()!;
        return new EncodedBlock(elementType, CodecOf(elementType).Write(records), records.Length);
    }

    /// <summary>The records, in a new array.</summary>
    public Array Decode() => Decode(ElementType, Bytes, Count);

    /// <summary>The <paramref name="count"/> records of type <paramref name="elementType"/> in <paramref name="bytes"/>, in a new array.</summary>
    public static Array Decode(Type elementType, ReadOnlySpan<byte> bytes, int count) => CodecOf(elementType).Read(bytes, count);

    private static IBlockCodec CodecOf(Type elementType)
        => s_codecs.GetOrAdd(elementType, static type => (IBlockCodec)Activator.CreateInstance(typeof(BlockCodec<>).MakeGenericType(type))!);

    /// <summary>A block's records to and from bytes, for a record type known only at run time.</summary>
    private interface IBlockCodec
    {
        byte[] Write(Array block);

        Array Read(ReadOnlySpan<byte> bytes, int count);
    }

    private sealed class BlockCodec<T> : IBlockCodec
    {
        private readonly IRecordCodec<T> _codec = RecordCodecs.Default<T>();

        public byte[] Write(Array block)
        {
            var output = new ArrayBufferWriter<byte>();
            RecordBlock.Write<T>((T[])block, _codec, output, "Stored records");
            return output.WrittenSpan.ToArray();
        }

        public Array Read(ReadOnlySpan<byte> bytes, int count) => RecordBlock.Read(bytes, count, _codec, "Stored records");
    }
}
