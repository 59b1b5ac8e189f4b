namespace Sluice.Checkpointing;

/// <summary>What checkpointing needs of a stream that keeps state, whatever its key and state types.</summary>
internal interface IStatefulStream
{
    string Identity { get; }

    int PartitionCount { get; }

    /// <summary>How often the state is saved: a multiple of the slide.</summary>
    TimeSpan CheckpointInterval { get; }

    /// <summary>
    /// Pins each partition's state after batch <paramref name="time"/> now, for serializing off the batch thread.
    /// Unless <paramref name="exact"/>, the version saved is the oldest one every partition still keeps, if it is
    /// within the stream's remember duration: saving it walks the tables' bases alone, with no newer changes to merge.
    /// </summary>
    StateSnapshot SnapshotState(DateTimeOffset time, bool exact);

    /// <summary>Puts saved state into the empty table of <paramref name="partition"/>, as the version of <paramref name="version"/>.</summary>
    void RestoreState(int partition, DateTimeOffset version, ReadOnlySpan<byte> payload);
}
