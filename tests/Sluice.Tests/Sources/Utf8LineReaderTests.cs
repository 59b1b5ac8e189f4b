using System.Text;
using CsCheck;
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
        var lines = Utf8LineReader.ReadLines(new TrickleStream(bytes, chunk), max, () => count++).ToList();
        tooLong = count;
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
}
