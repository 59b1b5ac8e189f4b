using System.Text;
using CsCheck;
using Sluice.Serialization;
using Sluice.Sources;

namespace Sluice.Tests.Sources;

public class Utf8LineReaderTests
{
    /// <summary>A stream that returns at most <c>chunk</c> bytes per read, to split lines across reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }

    private static List<string> Read(string text, int chunk = 1 << 16, int max = 1 << 20) => Read(Encoding.UTF8.GetBytes(text), chunk, max, out _);

    private static List<string> Read(byte[] bytes, int chunk, int max, out int tooLong)
    {
        var count = 0;
        var lines = new List<string>();
        Utf8LineReader.ReadLines(new TrickleStream(bytes, chunk), max, () => count++, null, (encoded, records) =>
        {
            lines.AddRange(Decode(encoded, records));
            return true;
        });
        tooLong = count;
        return lines;
    }

    /// <summary>The lines of one call, read back as the string codec reads them; exactly <paramref name="count"/> of them.</summary>
    private static List<string> Decode(ReadOnlySpan<byte> encoded, int count)
    {
        var codec = RecordCodecs.Default<string>();
        var lines = new List<string>();
        while (!encoded.IsEmpty)
        {
            lines.Add(codec.Read(ref encoded));
        }

        Assert.Equal(count, lines.Count);
        return lines;
    }

    [Fact]
    public void Lines_SplitOnNewline_DropTrailingCarriageReturn_KeepEmptyLines()
        => Assert.Equal(["a b", "", "c", "d"], Read("a b\r\n\nc\nd"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void LineSplitAcrossReads_IsJoined(int chunk)
        => Assert.Equal(["héllo wörld", "second line", "€"], Read("héllo wörld\nsecond line\n€\n", chunk));

    [Fact]
    public void InvalidUtf8_IsReplacedNotFatal()
    {
        byte[] bytes = [(byte)'o', (byte)'k', 0xFF, 0xFE, (byte)'\n', (byte)'n', (byte)'e', (byte)'x', (byte)'t', (byte)'\n'];
        Assert.Equal(["ok\uFFFD\uFFFD", "next"], Read(bytes, 3, 100, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1 << 16)]
    public void TooLongLine_IsReportedOnceAndSkipped(int chunk)
    {
        var text = "short\n" + new string('x', 50) + "\nafter\n" + new string('y', 11) + "\nend";
        Assert.Equal(["short", "after", "end"], Read(Encoding.UTF8.GetBytes(text), chunk, 10, out var tooLong));
        Assert.Equal(2, tooLong);
    }

    [Fact]
    public void LongLineWithinLimit_GrowsTheBuffer()
    {
        var line = new string('z', 200_000);
        Assert.Equal([line, "tail"], Read(line + "\ntail\n", 4096, 1 << 20));
    }

    [Fact]
    public void RandomLinesAndReadSizes_RoundTrip()
        => Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 40].Array[0, 30], Gen.Int[1, 64]).Sample(input =>
        {
            var (lines, chunk) = input;
            var text = string.Concat(lines.Select(line => line + "\n"));
            return Read(Encoding.UTF8.GetBytes(text), chunk, 1 << 20, out _).SequenceEqual(lines);
        });

    [Fact]
    public void TheLinesOfOneRead_GoTogether_InOneCall()
    {
        var calls = new List<int>();
        Utf8LineReader.ReadLines(new TrickleStream(Encoding.UTF8.GetBytes("a\nb\nc\nd\ne"), 4), 100, () => { }, null, (_, count) =>
        {
            calls.Add(count);
            return true;
        });

        // Reads of 4 bytes: "a\nb\n", "c\nd\n", then "e" and the end of the stream.
        Assert.Equal([2, 2, 1], calls);
    }

    [Fact]
    public void AnUnterminatedLastLine_IsKept_AndItsLengthSaid()
    {
        var lengths = new List<int>();
        var lines = new List<string>();
        Utf8LineReader.ReadLines(new TrickleStream(Encoding.UTF8.GetBytes("whole\ntorn\r"), 3), 100, () => { }, lengths.Add, (encoded, count) =>
        {
            lines.AddRange(Decode(encoded, count));
            return true;
        });

        Assert.Equal(["whole", "torn"], lines);
        Assert.Equal([5], lengths);
    }

    [Fact]
    public void AStoreThatRefuses_StopsTheReading()
    {
        var stream = new TrickleStream(Encoding.UTF8.GetBytes("one\ntwo\nthree\n"), 4);
        var calls = 0;
        Utf8LineReader.ReadLines(stream, 100, () => { }, null, (_, _) => ++calls < 1);

        Assert.Equal(1, calls);
        Assert.True(stream.Position < stream.Length, "it read on after the store refused");
    }
}
