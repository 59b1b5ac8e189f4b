using System.Buffers.Binary;
using System.Text;

namespace Sluice.Storage;

/// <summary>
/// Blocks kept as bytes, written with the record codecs when stored and read back into new arrays whenever read, as
/// a block fetched from another process would be: the serializing local mode's block store, for received blocks and
/// cached partitions alike.
/// </summary>
internal sealed class SerializingBlockStore : IBlockStore
{
    private readonly BlockTable<EncodedBlock> _blocks = new();

    public bool TryGet(BlockId id, out Array block)
    {
        if (_blocks.TryGet(id, out var stored))
        {
            block = stored.Decode();
            return true;
        }

        block = null!;
        return false;
    }

    public void Put(BlockId id, Array block) => _blocks.Put(id, EncodedBlock.Of(block));

    public void PutEncoded(BlockId id, EncodedBlock block) => _blocks.Put(id, block);

    /// <summary>
    /// A block as it travels to another process: its record type's name, its record count and its bytes, which
    /// <see cref="Decode"/> reads back in a process of the same build.
    /// </summary>
    public bool TryGetEncoded(BlockId id, out byte[] encoded)
    {
        if (!_blocks.TryGet(id, out var stored))
        {
            encoded = [];
            return false;
        }

        var name = Encoding.UTF8.GetBytes(stored.ElementType.AssemblyQualifiedName!);
        encoded = new byte[8 + name.Length + stored.Bytes.Length];
        BinaryPrimitives.WriteInt32LittleEndian(encoded, name.Length);
        name.CopyTo(encoded.AsSpan(4));
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(4 + name.Length), stored.Count);
        stored.Bytes.CopyTo(encoded.AsSpan(8 + name.Length));
        return true;
    }

    /// <summary>The records of a block <see cref="TryGetEncoded"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bytes are not such a block, or name a type this build does not have.</exception>
    public static Array Decode(byte[] encoded, string source)
    {
        var (type, count, records) = Header(encoded, source);
        return EncodedBlock.Decode(type, encoded.AsSpan(records), count);
    }

    /// <summary>Keeps a block <see cref="TryGetEncoded"/> wrote in another process, as it came.</summary>
    /// <exception cref="InvalidDataException">The bytes are not such a block, or name a type this build does not have.</exception>
    public void PutEncoded(BlockId id, byte[] encoded, string source)
    {
        var (type, count, records) = Header(encoded, source);
        _blocks.Put(id, new EncodedBlock(type, encoded[records..], count));
    }

    private static (Type Type, int Count, int Records) Header(byte[] encoded, string source)
    {
        var nameLength = encoded.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(encoded) : -1;
        if (nameLength < 0 || encoded.Length < 8 + nameLength)
        {
            throw new InvalidDataException($"The block from {source} is cut short ({encoded.Length} bytes): the process that sent it may have failed while sending.");
        }

        var name = Encoding.UTF8.GetString(encoded, 4, nameLength);
        var type = Type.GetType(name)
            ?? throw new InvalidDataException($"The block from {source} holds records of type {name}, which this process does not have: run the same application build everywhere.");
        return (type, BinaryPrimitives.ReadInt32LittleEndian(encoded.AsSpan(4 + nameLength)), 8 + nameLength);
    }

    public void Remove(BlockId id) => _blocks.Remove(id);

    public void RemoveRdd(int rddId) => _blocks.RemoveRdd(rddId);

    public void Clear() => _blocks.Clear();
}
