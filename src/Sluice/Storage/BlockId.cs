namespace Sluice.Storage;

/// <summary>Names one stored block: a cached dataset partition or a block of received records.</summary>
internal readonly record struct BlockId(BlockKind Kind, int Owner, long Index)
{
    public static BlockId ForRdd(int rddId, int partition) => new(BlockKind.Rdd, rddId, partition);

    public static BlockId ForStream(int streamId, long sequence) => new(BlockKind.Stream, streamId, sequence);

    public override string ToString() => Kind == BlockKind.Rdd ? $"rdd_{Owner}_{Index}" : $"input-{Owner}-{Index}";
}
