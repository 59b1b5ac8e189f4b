namespace Sluice.Text;

/// <summary>
/// The hash of UTF-8 text, a byte at a time so a scan for word boundaries computes it in the same pass: 32-bit
/// FNV-1a, finished with MurmurHash3's mix so that <c>hash mod n</c> spreads keys over partitions (FNV's low bit
/// alone is the parity of the odd bytes). Deterministic, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class Utf8Hash
{
    public const uint Start = 2166136261u;

    public static uint Add(uint hash, byte next) => (hash ^ next) * 16777619u;

    /// <summary>The finished hash of all of <paramref name="utf8"/>, as <see cref="Utf8Text.GetHashCode"/> gives it.</summary>
    public static int Of(ReadOnlySpan<byte> utf8)
    {
        var hash = Start;
        foreach (var b in utf8)
        {
            hash = Add(hash, b);
        }

        return Finish(hash);
    }

    /// <summary>The finished hash, never 0 (0 marks a text whose hash is not known yet).</summary>
    public static int Finish(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6Bu;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35u;
        hash ^= hash >> 16;
        return hash == 0 ? 1 : (int)hash;
    }
}
