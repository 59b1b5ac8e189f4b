using System.Buffers;

namespace Sluice.Serialization;

/// <summary>
/// Records written one after another with their codec, and read back: a shuffle bucket, a received block, a cached
/// partition, as they travel between processes or to a write-ahead log.
/// </summary>
internal static class RecordBlock
{
    /// <summary>Writes <paramref name="records"/> to <paramref name="output"/>, each with <paramref name="codec"/>.</summary>
    /// <param name="records">The records.</param>
    /// <param name="codec">Their codec.</param>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="what">What the records are, for the error (<c>Shuffled records</c>).</param>
    /// <exception cref="InvalidOperationException">The codec cannot write a record.</exception>
    public static void Write<T>(ReadOnlySpan<T> records, IRecordCodec<T> codec, IBufferWriter<byte> output, string what)
    {
        try
        {
            foreach (var record in records)
            {
                codec.Write(record, output);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw CannotTravel<T>(what, "writing them", error);
        }
    }

    /// <summary>The records of <paramref name="bytes"/> as an array of <paramref name="count"/>.</summary>
    /// <param name="bytes">What <see cref="Write"/> wrote.</param>
    /// <param name="count">How many records it wrote.</param>
    /// <param name="codec">Their codec.</param>
    /// <param name="what">What the records are, for the error.</param>
    /// <exception cref="InvalidOperationException">The codec cannot read the records back.</exception>
    public static T[] Read<T>(ReadOnlySpan<byte> bytes, int count, IRecordCodec<T> codec, string what)
    {
        var records = new T[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                records[i] = codec.Read(ref bytes);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw CannotTravel<T>(what, "reading them back", error);
        }

        return records;
    }

    /// <summary>How many of <paramref name="bytes"/> the first <paramref name="count"/> records take.</summary>
    public static int LengthOf<T>(ReadOnlySpan<byte> bytes, int count, IRecordCodec<T> codec)
    {
        var rest = bytes;
        for (var i = 0; i < count; i++)
        {
            if (typeof(T) == typeof(string) && codec is Utf8StringCodec)
            {
                CodecInput.Take(ref rest, CodecInput.ReadLength(ref rest, "a string"), "a string"); // skipped, not decoded
            }
            else
            {
                codec.Read(ref rest);
            }
        }

        return bytes.Length - rest.Length;
    }

    private static InvalidOperationException CannotTravel<T>(string what, string doing, Exception error)
        => new(
            $"{what} of type {RecordCodecs.TypeName(typeof(T))} cannot travel between processes: {doing} with the record codec failed ({error.Message}). Use a type the codecs write whole (strings, numbers, byte arrays, pairs of these, or a record System.Text.Json writes and reads back).",
            error);
}
