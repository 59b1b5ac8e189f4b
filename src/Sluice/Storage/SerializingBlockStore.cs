using System.Buffers;
using System.Collections.Concurrent;
using Sluice.Serialization;

namespace Sluice.Storage;

/// <summary>
/// Blocks kept as bytes, written with the record codecs when stored and read back into new arrays whenever read, as
/// a block fetched from another process would be: the serializing local mode's block store, for received blocks and
/// cached partitions alike.
/// </summary>
internal sealed class SerializingBlockStore : IBlockStore
{
    private static readonly ConcurrentDictionary<Type, IBlockCodec> s_codecs = new();
    private readonly BlockTable<StoredBlock> _blocks = new();

    public bool TryGet(BlockId id, out Array block)
    {
        if (_blocks.TryGet(id, out var stored))
        {
            block = CodecOf(stored.ElementType).Read(stored.Bytes, stored.Count);
            return true;
        }

        block = null!;
        return false;
    }

    public void Put(BlockId id, Array block)
    {
        var elementType = block.GetType().GetElementType()!;
        _blocks.Put(id, new StoredBlock(elementType, CodecOf(elementType).Write(block), block.Length));
    }

    public void Remove(BlockId id) => _blocks.Remove(id);

    public void RemoveRdd(int rddId) => _blocks.RemoveRdd(rddId);

    public void Clear() => _blocks.Clear();

    private static IBlockCodec CodecOf(Type elementType)
        => s_codecs.GetOrAdd(elementType, static type => (IBlockCodec)Activator.CreateInstance(typeof(BlockCodec<>).MakeGenericType(type))!);

    private sealed record StoredBlock(Type ElementType, byte[] Bytes, int Count);

    /// <summary>A block's records to and from bytes, for a record type known only at run time.</summary>
    private interface IBlockCodec
    {
        byte[] Write(Array block);

        Array Read(byte[] bytes, int count);
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

        public Array Read(byte[] bytes, int count) => RecordBlock.Read(bytes, count, _codec, "Stored records");
    }
}
