using System.Runtime.InteropServices;
using System.Text;
using CsCheck;
using Sluice.Storage;
using Sluice.Text;

namespace Sluice.Tests.Storage;

/// <summary>
/// Blocks kept as their records' bytes: every store gives back the records that went in, in order, whether read
/// whole or one at a time, and the memory store reads them one at a time, holding no array of the block's records.
/// </summary>
public sealed class EncodedBlockTests
{
    private static readonly BlockId s_block = BlockId.ForStream(1, 1);

    [Fact]
    public void AnyLines_ComeBackAsTheyWent_FromEveryStore()
        => Gen.String.Array[0, 50].Sample(lines =>
        {
            var block = EncodedBlock.Of(lines);
            var memory = new MemoryBlockStore();
            memory.PutEncoded(s_block, block);
            var serializing = new SerializingBlockStore();
            serializing.PutEncoded(s_block, block);

            return memory.TryGet(s_block, out var whole) && ((string[])whole).SequenceEqual(lines)
                && memory.TryGetRecords<string>(s_block, out var oneByOne) && oneByOne.SequenceEqual(lines)
                && serializing.TryGet(s_block, out var read) && ((string[])read).SequenceEqual(lines);
        });

    [Fact]
    public void TheMemoryStore_ReadsAnEncodedBlock_OneRecordAtATime()
    {
        var memory = new MemoryBlockStore();
        memory.PutEncoded(s_block, EncodedBlock.Of(new[] { "a", "b", "c" }));

        Assert.True(memory.TryGetRecords<string>(s_block, out var records));
        Assert.IsNotType<string[]>(records);
        using var reader = records.GetEnumerator();
        Assert.True(reader.MoveNext());
        Assert.Equal("a", reader.Current);
    }

    [Fact]
    public void LinesStoredAsText_AreReadAsViewsOfTheBlock_WithoutACopy()
        => Gen.String.Array[0, 50].Sample(lines =>
        {
            var bytes = EncodedBlock.Of(lines).Bytes; // the string codec's bytes, which the text codec shares
            var memory = new MemoryBlockStore();
            memory.PutEncoded(s_block, new EncodedBlock(typeof(Utf8Text), bytes, lines.Length));

            return memory.TryGetRecords<Utf8Text>(s_block, out var texts)
                && texts.Select(text => text.ToString()).SequenceEqual(lines.Select(line => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(line))))
                && texts.All(text => text.IsEmpty || (MemoryMarshal.TryGetArray(text.Memory, out var view) && view.Array == bytes));
        });

    [Fact]
    public void ABlockStoredAsRecords_IsGivenAsItsArray()
    {
        var memory = new MemoryBlockStore();
        string[] lines = ["a", "b"];
        memory.Put(s_block, lines);

        Assert.True(memory.TryGetRecords<string>(s_block, out var records));
        Assert.Same(lines, records);
        Assert.False(memory.TryGetRecords<string>(BlockId.ForStream(1, 2), out _));
    }
}
