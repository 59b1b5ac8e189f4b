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
    public static void Write<TKey, TState>(IReadOnlyList<(TKey Key, StateEntry<TState> Entry)> entries, IRecordCodec<TKey> keys, IRecordCodec<TState> states, IBufferWriter<byte> output)
        where TKey : notnull
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), entries.Count);
        output.Advance(8);
        foreach (var (key, entry) in entries)
        {
            keys.Write(key, output);
            states.Write(entry.State, output);
            RecordCodecs.Int64.Write(entry.LastDataTicks, output);
        }
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
