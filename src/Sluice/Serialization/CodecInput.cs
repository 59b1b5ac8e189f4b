namespace Sluice.Serialization;

/// <summary>Reading helpers shared by the codecs, with one message for every kind of truncated input.</summary>
internal static class CodecInput
{
    public static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> input, int count, string what)
    {
        if (input.Length < count)
        {
            throw Truncated(what, count, input.Length);
        }

        var taken = input[..count];
        input = input[count..];
        return taken;
    }

    /// <summary>Reads a length written by <see cref="CodecOutput.WriteLength"/>: 7 bits per byte, low bits first.</summary>
    public static int ReadLength(ref ReadOnlySpan<byte> input, string what)
    {
        var length = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (input.IsEmpty)
            {
                throw Truncated($"the length of {what}", 1, 0);
            }

            var b = input[0];
            input = input[1..];
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return length >= 0 ? length : throw new FormatException($"The serialized length of {what} is negative: the bytes are not records of this codec.");
            }
        }

        throw new FormatException($"The serialized length of {what} runs over 5 bytes: the bytes are not records of this codec.");
    }

    private static FormatException Truncated(string what, int needed, int left)
        => new($"The serialized bytes end inside {what}: {needed} bytes needed, {left} left. Store whole records only, written by the same codec.");
}
