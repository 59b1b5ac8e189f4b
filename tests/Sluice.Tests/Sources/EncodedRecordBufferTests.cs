using Sluice.Sources;

namespace Sluice.Tests.Sources;

public class EncodedRecordBufferTests
{
    private const int Megabyte = 1 << 20;

    private static readonly byte[] Line = [2, (byte)'a', (byte)'b']; // "ab" as the string codec writes it

    /// <summary>Stores a block of about <paramref name="bytes"/> bytes and cuts it, as a supervisor does.</summary>
    private static void StoreAndCut(EncodedRecordBuffer<string> buffer, int bytes)
    {
        var lines = Enumerable.Repeat(Line, bytes / Line.Length).SelectMany(line => line).ToArray();
        buffer.Write(lines, bytes / Line.Length);
        var block = buffer.ToBlock();
        Assert.Equal(bytes / Line.Length, block.Count);
        Assert.Equal(lines, block.Bytes);
        buffer.Clear();
    }

    [Fact]
    public void Clear_KeepsTheCapacity_WhenABlockIsASliverBetweenFullOnes()
    {
        var buffer = new EncodedRecordBuffer<string>();
        StoreAndCut(buffer, 6 * Megabyte);
        var capacity = buffer.Capacity;

        // A batch's cut just after the interval's takes a sliver; the next full block must not grow the buffer again.
        StoreAndCut(buffer, 3 * 1024);
        Assert.Equal(capacity, buffer.Capacity);
        StoreAndCut(buffer, 6 * Megabyte);
        Assert.Equal(capacity, buffer.Capacity);
    }

    [Fact]
    public void Clear_DropsTheBuffer_WithinAFewEmptyCutsAfterABurst()
    {
        var buffer = new EncodedRecordBuffer<string>();
        StoreAndCut(buffer, 6 * Megabyte);
        Assert.True(buffer.Capacity >= 6 * Megabyte);

        for (var cut = 0; cut < 4; cut++)
        {
            buffer.Clear(); // a block interval with nothing received
        }

        Assert.True(buffer.Capacity < Megabyte, $"After four empty cuts the buffer still has room for {buffer.Capacity} bytes.");
        StoreAndCut(buffer, 3 * 1024); // and it still takes records
    }
}
