using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CsCheck;
using Sluice.Datasets;
using Sluice.Serialization;
using Sluice.Text;

namespace Sluice.Tests.Text;

/// <summary>
/// <see cref="Utf8Text"/> against strings as the model: equal exactly when the strings are, hashed alike when equal,
/// ordered by code point, its words those of <c>Split(' ')</c> without empty ones, and written as strings are.
/// </summary>
public sealed class Utf8TextTests
{
    /// <summary>Strings from a small alphabet, so that equal pairs and shared prefixes are common; with spaces and non-ASCII.</summary>
    private static readonly Gen<string> s_text = OneOf("a", "b", " ", "é", "€", "😀").Array[0, 8].Select(string.Concat);

    [Fact]
    public void TwoTexts_AreEqualExactlyWhenTheirStringsAre_AndEqualOnesHashAlike()
        => Gen.Select(s_text, s_text).Sample((a, b) =>
        {
            var (x, y) = (new Utf8Text(a), new Utf8Text(b));
            return x.Equals(y) == (a == b) && (x == y) == (a == b) && (a != b || x.GetHashCode() == y.GetHashCode());
        });

    [Fact]
    public void Texts_SortInCodePointOrder()
        => Gen.Select(s_text, s_text).Sample((a, b) =>
        {
            var model = a.EnumerateRunes().Select(rune => rune.Value).ToArray().AsSpan().SequenceCompareTo(b.EnumerateRunes().Select(rune => rune.Value).ToArray());
            return Math.Sign(new Utf8Text(a).CompareTo(new Utf8Text(b))) == Math.Sign(model);
        });

    [Fact]
    public void TheWordsOfALine_AreThoseOfSplitWithoutEmptyOnes_HashedAsTheSameWordsMadeAlone()
        => s_text.Array[0, 6].Select(parts => string.Join(' ', parts)).Sample(line =>
        {
            var words = new Utf8Text(line).Words().ToArray();
            var expected = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Select(word => word.ToString()).SequenceEqual(expected)
                && words.Zip(expected).All(pair => pair.First.GetHashCode() == new Utf8Text(pair.Second).GetHashCode() && pair.First.Equals(new Utf8Text(pair.Second)));
        });

    [Fact]
    public void AWord_IsAViewOfItsLine_UntilCompacted()
    {
        var line = new Utf8Text("to be or not");
        var be = line.Words().Skip(1).First();

        Assert.True(MemoryMarshal.TryGetArray(be.Memory, out var view));
        Assert.Equal(12, view.Array!.Length);
        var compact = be.Compact();
        Assert.True(MemoryMarshal.TryGetArray(compact.Memory, out var own));
        Assert.Equal(2, own.Array!.Length);
        Assert.Equal(be, compact);
        Assert.Equal(be.GetHashCode(), compact.GetHashCode());
    }

    [Fact]
    public void TheHash_IsTheSameInEveryProcess()
    {
        // Constants, not a value computed in this process: a hash seeded per process would send one word to
        // different partitions on different executors.
        Assert.Equal(1006716570, new Utf8Text("spark").GetHashCode());
        Assert.Equal(new Utf8Text("").GetHashCode(), default(Utf8Text).GetHashCode());
    }

    [Fact]
    public void TheHash_SpreadsWordsOverTwoPartitions()
    {
        var partitioner = new HashPartitioner(2);
        var first = Enumerable.Range(0, 10_000).Count(i => partitioner.GetPartition(new Utf8Text($"word{i}")) == 0);
        Assert.InRange(first, 4_700, 5_300);
    }

    [Fact]
    public void TheCodec_WritesTextAsTheStringCodecWritesStrings()
        => s_text.Sample(text =>
        {
            var asText = new System.Buffers.ArrayBufferWriter<byte>();
            RecordCodecs.Default<Utf8Text>().Write(new Utf8Text(text), asText);
            var asString = new System.Buffers.ArrayBufferWriter<byte>();
            RecordCodecs.Utf8String.Write(text, asString);
            ReadOnlySpan<byte> input = asString.WrittenSpan;
            var read = RecordCodecs.Utf8Text.Read(ref input);
            return asText.WrittenSpan.SequenceEqual(asString.WrittenSpan) && input.IsEmpty && read.ToString() == text
                && read.GetHashCode() == new Utf8Text(text).GetHashCode();
        });

    [Fact]
    public void Json_WritesTextAsAString()
    {
        var json = JsonSerializer.Serialize(new Tagged(new Utf8Text("naïve"), 3));

        Assert.Equal("""{"Word":"na\u00EFve","Count":3}""", json);
        Assert.Equal(new Utf8Text("naïve"), JsonSerializer.Deserialize<Tagged>(json)!.Word);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Tagged>("""{"Word":1,"Count":3}"""));
    }

    [Fact]
    public void BytesThatAreNotUtf8_StayAsTheyAre_AndBecomeReplacementCharactersOnlyInAString()
    {
        var text = new Utf8Text([0x61, 0xFF, 0x62]);

        Assert.Equal(3, text.Length);
        Assert.Equal("a\uFFFDb", text.ToString());
        Assert.NotEqual(new Utf8Text("a\uFFFDb"), text);
    }

    [Fact]
    public void ArgumentChecks()
    {
        Assert.Throws<ArgumentNullException>(() => new Utf8Text((string)null!));
        Assert.Throws<ArgumentNullException>(() => new Utf8Text((byte[])null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Utf8Text(new byte[4], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Utf8Text(new byte[4], -1, 1));
        Assert.True(Utf8Text.Empty.IsEmpty);
        Assert.Equal("", Utf8Text.Empty.ToString());
        Assert.Empty(Utf8Text.Empty.Words());
    }

    private sealed record Tagged(Utf8Text Word, int Count);

    private static Gen<string> OneOf(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);
}
