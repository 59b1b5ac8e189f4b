using Sluice.Serialization;

namespace Sluice.Sources;

/// <summary>
/// Records a receiver stored as bytes, cut into pieces that a rate cap can admit one at a time: under a cap, a
/// tenth of a second's records at a time, never in debt, as one at a time would be. A read of thousands of lines
/// must not pass at once and put a batch over its cap.
/// </summary>
internal static class RatedPieces
{
    /// <summary>Takes one piece: its bytes and how many records they hold.</summary>
    public delegate void PieceAction(ReadOnlySpan<byte> records, int count);

    /// <summary>Calls <paramref name="take"/> with each piece of <paramref name="records"/>, in order.</summary>
    /// <param name="records">The records' bytes, as <see cref="RecordCodecs.Default{T}"/> writes them.</param>
    /// <param name="count">How many records.</param>
    /// <param name="rate">The cap in records per second; 0 or less for none, which gives one piece.</param>
    /// <param name="take">Takes each piece.</param>
    public static void ForEach<T>(ReadOnlySpan<byte> records, int count, double rate, PieceAction take)
    {
        while (count > 0)
        {
            var piece = rate > 0 ? Math.Min(count, Math.Max(1, (int)(rate / 10))) : count;
            var length = piece == count ? records.Length : RecordBlock.LengthOf(records, piece, RecordCodecs.Default<T>());
            take(records[..length], piece);
            records = records[length..];
            count -= piece;
        }
    }
}
