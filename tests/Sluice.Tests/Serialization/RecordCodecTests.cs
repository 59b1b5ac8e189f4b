using System.Buffers;
using CsCheck;
using Sluice.Serialization;

namespace Sluice.Tests.Serialization;

public class RecordCodecTests
{
    public sealed record Reading(string Sensor, double Value, DateTimeOffset At);

    private static List<T> RoundTrip<T>(IRecordCodec<T> codec, IEnumerable<T> records)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            codec.Write(record, buffer);
        }

        var input = buffer.WrittenSpan;
        var read = new List<T>();
        while (!input.IsEmpty)
        {
            read.Add(codec.Read(ref input));
        }

        return read;
    }

    [Fact]
    public void Strings_RoundTrip_IncludingEmptyAndNonAscii()
        => Gen.String.Array.Sample(strings => Assert.Equal(strings, RoundTrip(RecordCodecs.Utf8String, strings)));

    [Fact]
    public void LongStrings_RoundTrip_WithMultiByteLengths()
    {
        string[] strings = [new string('x', 127), new string('y', 128), new string('€', 70_000)];
        Assert.Equal(strings, RoundTrip(RecordCodecs.Utf8String, strings));
    }

    [Fact]
    public void Numbers_RoundTrip()
    {
        Gen.Int.Array.Sample(values => Assert.Equal(values, RoundTrip(RecordCodecs.Int32, values)));
        Gen.Long.Array.Sample(values => Assert.Equal(values, RoundTrip(RecordCodecs.Int64, values)));
        Gen.Double.Array.Sample(values => Assert.Equal(values, RoundTrip(RecordCodecs.Double, values)));
    }

    [Fact]
    public void Bytes_RoundTrip()
        => Gen.Byte.Array.Array.Sample(arrays => Assert.Equal(arrays, RoundTrip(RecordCodecs.Bytes, arrays)));

    [Fact]
    public void Default_ComposesPairsOfKnownTypes()
        => Gen.Select(Gen.String, Gen.Long).Array.Sample(pairs =>
            Assert.Equal(pairs.Select(p => (p.Item1, p.Item2)), RoundTrip(RecordCodecs.Default<(string, long)>(), pairs.Select(p => (p.Item1, p.Item2)))));

    [Fact]
    public void Default_UsesJsonForOtherTypes()
    {
        Reading[] readings = [new("t1", 21.5, DateTimeOffset.UnixEpoch), new("t2", -3, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)))];
        Assert.Equal(readings, RoundTrip(RecordCodecs.Default<Reading>(), readings));
    }

    [Fact]
    public void Default_IsTheBuiltInCodecForPrimitives()
    {
        Assert.Same(RecordCodecs.Utf8String, RecordCodecs.Default<string>());
        Assert.Same(RecordCodecs.Int64, RecordCodecs.Default<long>());
    }

    [Fact]
    public void FixedWidth_IsLittleEndian()
    {
        var buffer = new ArrayBufferWriter<byte>();
        RecordCodecs.Int32.Write(0x01020304, buffer);
        Assert.Equal([4, 3, 2, 1], buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 5, (byte)'a', (byte)'b' }, "inside a string: 5 bytes needed, 2 left")]
    [InlineData(new byte[] { 0x80 }, "inside the length of a string")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "runs over 5 bytes")]
    public void TruncatedOrForeignBytes_AreAFormatExceptionThatSaysWhat(byte[] bytes, string expected)
    {
        var error = Assert.Throws<FormatException>(() =>
        {
            ReadOnlySpan<byte> input = bytes;
            RecordCodecs.Utf8String.Read(ref input);
        });
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidJson_IsAFormatException()
    {
        byte[] bytes = [3, (byte)'{', (byte)'x', (byte)'}'];
        var error = Assert.Throws<FormatException>(() =>
        {
            ReadOnlySpan<byte> input = bytes;
            RecordCodecs.Json<Reading>().Read(ref input);
        });
        Assert.Contains("not a Reading as JSON", error.Message, StringComparison.Ordinal);
    }
}
