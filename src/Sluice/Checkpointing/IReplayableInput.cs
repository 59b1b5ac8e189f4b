namespace Sluice.Checkpointing;

/// <summary>An input stream whose batches can be read again from recorded positions (files, offsets).</summary>
internal interface IReplayableInput
{
    string Identity { get; }

    /// <summary>The positions of the batches still kept, for the metadata checkpoint.</summary>
    IReadOnlyList<SourcePosition> Positions();

    /// <summary>What the batch at <paramref name="time"/> read, if it is still recorded (for the batch's outputs).</summary>
    SourcePosition? PositionOf(DateTimeOffset time);

    /// <summary>After a recovery: batches at these times read exactly these positions again, and later batches skip them.</summary>
    /// <param name="positions">The input's recorded positions.</param>
    /// <param name="recovery">Which of those batches run again, and what a receiver had received that no batch had taken.</param>
    void RestorePositions(IReadOnlyList<SourcePosition> positions, InputRecovery recovery);

    /// <summary>What it has received that no batch has taken yet (a receiver's blocks and buffer); 0 for inputs that read their source per batch.</summary>
    long Backlog => 0;

    /// <summary>
    /// On the checkpoint writer's thread, once a checkpoint is durable that records the positions of every batch up
    /// to <paramref name="time"/>: a recovery reads those batches from the checkpoint, so the input may acknowledge
    /// them to its source now (commit offsets, delete what was read).
    /// </summary>
    void Checkpointed(DateTimeOffset time)
    {
    }
}
