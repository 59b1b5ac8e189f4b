using System.Buffers;
using System.Buffers.Binary;
using Sluice.Serialization;

namespace Sluice.Stateful;

/// <summary>
/// One version of a state table as bytes, for checkpoints: the entry count, then each key, state and last-data
/// time, written with record codecs. Reading checks every length, so a damaged payload is an error, never a crash.
/// </summary>
internal static class StateTableSerializer
{
    /// <summary>Writes the entries <paramref name="entries"/> visits, counting them as it goes.</summary>
    public static byte[] Write<TKey, TState>(Action<Action<TKey, StateEntry<TState>>> entries, IRecordCodec<TKey> keys, IRecordCodec<TState> states)
        where TKey : notnull
    {
        var output = new ArrayBufferWriter<byte>();
        Write(entries, keys, states, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Appends the entries <paramref name="entries"/> visits to <paramref name="output"/>, counting them as it goes.</summary>
    public static void Write<TKey, TState>(Action<Action<TKey, StateEntry<TState>>> entries, IRecordCodec<TKey> keys, IRecordCodec<TState> states, ArrayBufferWriter<byte> output)
        where TKey : notnull
    {
        var countAt = output.WrittenCount;
        output.GetSpan(8);
        output.Advance(8); // the count, filled in once known
        var count = 0L;
        if (keys is FixedCodec<TKey> fixedKey && states is FixedCodec<TState> fixedState)
        {
            // Fixed-size keys and states (numbers): one span per entry instead of three writes through the interface.
            var size = fixedKey.Size + fixedState.Size + 8;
            entries((key, entry) =>
            {
                var span = output.GetSpan(size);
                fixedKey.WriteTo(span, key);
                fixedState.WriteTo(span[fixedKey.Size..], entry.State);
                BinaryPrimitives.WriteInt64LittleEndian(span[(size - 8)..], entry.LastDataTicks);
                output.Advance(size);
                count++;
            });
        }
        else
        {
            entries((key, entry) =>
            {
                keys.Write(key, output);
                states.Write(entry.State, output);
                RecordCodecs.Int64.Write(entry.LastDataTicks, output);
                count++;
            });
        }
        BinaryPrimitives.WriteInt64LittleEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(output.WrittenMemory).Span.Slice(countAt, 8), count);
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
}
