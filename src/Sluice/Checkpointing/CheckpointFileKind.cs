namespace Sluice.Checkpointing;

/// <summary>What a checkpoint file holds.</summary>
internal enum CheckpointFileKind : byte
{
    /// <summary>The context's metadata at a batch: batch times, source positions, operators, state files.</summary>
    Metadata = 1,

    /// <summary>One partition of one stateful operator's state at a batch.</summary>
    State = 2,

    /// <summary>One block of records a receiver stored, in its write-ahead log.</summary>
    ReceivedBlock = 3,
}
