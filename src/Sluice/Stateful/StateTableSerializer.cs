using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sluice.Serialization;

namespace Sluice.Stateful;

/// <summary>
/// One version of a state table as bytes, for checkpoints: the entry count, then each key, state and last-data
/// time, written with record codecs. Reading checks every length, so a damaged payload is an error, never a crash.
/// </summary>
internal static class StateTableSerializer
{
    /// <summary>The version of <paramref name="time"/> of a pinned table, as a payload of its own.</summary>
    public static byte[] Write<TKey, TState>(StateTable<TKey, TState> table, long time, IRecordCodec<TKey> keys, IRecordCodec<TState> states)
        where TKey : notnull
    {
        var output = new ArrayBufferWriter<byte>();
        Write(table, time, keys, states, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Appends the version of <paramref name="time"/> of a pinned table to <paramref name="output"/>.</summary>
    public static void Write<TKey, TState>(StateTable<TKey, TState> table, long time, IRecordCodec<TKey> keys, IRecordCodec<TState> states, ArrayBufferWriter<byte> output)
        where TKey : notnull
    {
        var countAt = output.WrittenCount;
        output.GetSpan(8);
        output.Advance(8); // the count, filled in once known
        long count;
        if (keys is FixedCodec<TKey> { IsRawLayout: true } fixedKey && states is FixedCodec<TState> { IsRawLayout: true } fixedState)
        {
            var writer = new FixedEntryWriter<TKey, TState>(output, fixedKey, fixedState);
            table.VisitPinned(time, ref writer);
            writer.Flush();
            count = writer.Count;
        }
        else
        {
            var writer = new CodecEntryWriter<TKey, TState>(output, keys, states);
            table.VisitPinned(time, ref writer);
            count = writer.Count;
        }

        BinaryPrimitives.WriteInt64LittleEndian(MemoryMarshal.AsMemory(output.WrittenMemory).Span.Slice(countAt, 8), count);
    }

    /// <exception cref="FormatException">The payload is not a state table written by these codecs.</exception>
    public static List<(TKey Key, StateEntry<TState> Entry)> Read<TKey, TState>(ReadOnlySpan<byte> payload, IRecordCodec<TKey> keys, IRecordCodec<TState> states)
        where TKey : notnull
    {
        var count = RecordCodecs.Int64.Read(ref payload);
        if (count < 0 || count > payload.Length)
        {
            throw new FormatException($"The state payload claims {count} entries in {payload.Length} bytes.");
        }

        var entries = new List<(TKey, StateEntry<TState>)>((int)count);
        for (var i = 0; i < count; i++)
        {
            var key = keys.Read(ref payload);
            var state = states.Read(ref payload);
            entries.Add((key, new StateEntry<TState>(state, RecordCodecs.Int64.Read(ref payload))));
        }

        return payload.IsEmpty ? entries : throw new FormatException($"The state payload has {payload.Length} bytes after its {count} entries.");
    }

    /// <summary>Any codecs: three writes per entry through the codec interface.</summary>
    private struct CodecEntryWriter<TKey, TState>(IBufferWriter<byte> output, IRecordCodec<TKey> keys, IRecordCodec<TState> states) : IStateEntryVisitor<TKey, TState>
    {
        public long Count { get; private set; }

        public void Visit(TKey key, StateEntry<TState> entry)
        {
            keys.Write(key, output);
            states.Write(entry.State, output);
            RecordCodecs.Int64.Write(entry.LastDataTicks, output);
            Count++;
        }
    }

    /// <summary>
    /// Keys and states that are numbers in their in-memory layout: entries packed into chunks of the output taken
    /// 64 KiB at a time, each number copied directly, so an entry costs a few stores rather than calls.
    /// </summary>
    private struct FixedEntryWriter<TKey, TState>(ArrayBufferWriter<byte> output, FixedCodec<TKey> keys, FixedCodec<TState> states) : IStateEntryVisitor<TKey, TState>
    {
        private const int ChunkBytes = 64 * 1024;
        private readonly int _entrySize = keys.Size + states.Size + 8;
        private Memory<byte> _chunk;
        private int _used;

        public long Count { get; private set; }

        public void Visit(TKey key, StateEntry<TState> entry)
        {
            if (_chunk.Length - _used < _entrySize)
            {
                Flush();
                _chunk = output.GetMemory(Math.Max(ChunkBytes, _entrySize));
            }

            var span = _chunk.Span.Slice(_used, _entrySize);
            Unsafe.WriteUnaligned(ref span[0], key);
            Unsafe.WriteUnaligned(ref span[keys.Size], entry.State);
            BinaryPrimitives.WriteInt64LittleEndian(span[(keys.Size + states.Size)..], entry.LastDataTicks);
            _used += _entrySize;
            Count++;
        }

        /// <summary>Commits the entries written into the current chunk.</summary>
        public void Flush()
        {
            output.Advance(_used);
            _chunk = Memory<byte>.Empty;
            _used = 0;
        }
    }
}
