namespace Sluice.Checkpointing;

/// <summary>What checkpointing needs of a stream that keeps state, whatever its key and state types.</summary>
internal interface IStatefulStream
{
    string Identity { get; }

    int PartitionCount { get; }

    /// <summary>How often the state is saved: a multiple of the slide.</summary>
    TimeSpan CheckpointInterval { get; }

    /// <summary>
    /// Pins each partition's state of batch <paramref name="time"/> now and returns functions that serialize it
    /// into a whole checkpoint file (and unpin), to run off the batch thread.
    /// </summary>
    IReadOnlyList<Func<ReadOnlyMemory<byte>>> SnapshotState(DateTimeOffset time);

    /// <summary>Puts saved state into the empty table of <paramref name="partition"/>, as the version of <paramref name="version"/>.</summary>
    void RestoreState(int partition, DateTimeOffset version, ReadOnlySpan<byte> payload);
}
