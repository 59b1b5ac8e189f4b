namespace Sluice.Storage;

/// <summary>Names one stored block: a cached dataset partition or a block of received records.</summary>
internal readonly record struct BlockId(BlockKind Kind, int Owner, long Index)
{
    public static BlockId ForRdd(int rddId, int partition) => new(BlockKind.Rdd, rddId, partition);

    public static BlockId ForStream(int streamId, long sequence) => new(BlockKind.Stream, streamId, sequence);

    public static BlockId ForSlice(int rddId, int partition) => new(BlockKind.Slice, rddId, partition);

    public static BlockId ForState(int stateNumber, int partition) => new(BlockKind.State, stateNumber, partition);

    public override string ToString() => Kind switch
    {
        BlockKind.State => $"state_{Owner}_{Index}",
        BlockKind.Rdd => $"rdd_{Owner}_{Index}",
        BlockKind.Slice => $"slice_{Owner}_{Index}",
        _ => $"input-{Owner}-{Index}",
    };

    /// <summary>The block named by <paramref name="text"/>, as <see cref="ToString"/> writes it.</summary>
    public static bool TryParse(string text, out BlockId id)
    {
        var (kind, separator) = text.StartsWith("rdd_", StringComparison.Ordinal) ? (BlockKind.Rdd, '_')
            : text.StartsWith("slice_", StringComparison.Ordinal) ? (BlockKind.Slice, '_')
            : text.StartsWith("state_", StringComparison.Ordinal) ? (BlockKind.State, '_')
            : text.StartsWith("input-", StringComparison.Ordinal) ? (BlockKind.Stream, '-') : (BlockKind.Rdd, '\0');
        var parts = separator == '\0' ? [] : text.Split(separator);
        if (parts.Length == 3
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var owner)
            && long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            id = new BlockId(kind, owner, index);
            return true;
        }

        id = default;
        return false;
    }
}
