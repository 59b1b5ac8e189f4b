namespace Sluice.Storage;

/// <summary>What a stored block holds.</summary>
internal enum BlockKind
{
    /// <summary>A cached partition of a persisted dataset; the owner is the dataset id, the index its partition.</summary>
    Rdd = 0,

    /// <summary>Records stored by a receiver; the owner is the input stream id, the index the block's sequence number.</summary>
    Stream = 1,

    /// <summary>A slice of a parallelized collection, kept on the driver for executor processes; the owner is the dataset id, the index its partition.</summary>
    Slice = 2,

    /// <summary>Saved state of one stateful operator's partition, kept on the driver for the executor that restores it; the owner is the operator's number, the index its partition.</summary>
    State = 3,
}
