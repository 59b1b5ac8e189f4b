using System.Buffers;

namespace Sluice.Serialization;

internal sealed class PairCodec<TKey, TValue>(IRecordCodec<TKey> key, IRecordCodec<TValue> value) : IRecordCodec<(TKey Key, TValue Value)>
{
    public void Write((TKey Key, TValue Value) record, IBufferWriter<byte> output)
    {
        key.Write(record.Key, output);
        value.Write(record.Value, output);
    }

    public (TKey Key, TValue Value) Read(ref ReadOnlySpan<byte> input)
    {
        var k = key.Read(ref input);
        return (k, value.Read(ref input));
    }
}
