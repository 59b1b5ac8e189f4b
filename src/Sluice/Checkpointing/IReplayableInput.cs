namespace Sluice.Checkpointing;

/// <summary>An input stream whose batches can be read again from recorded positions (files, offsets).</summary>
internal interface IReplayableInput
{
    string Identity { get; }

    /// <summary>The positions of the batches still kept, for the metadata checkpoint.</summary>
    IReadOnlyList<SourcePosition> Positions();

    /// <summary>After a recovery: batches at these times read exactly these positions again, and later batches skip them.</summary>
    void RestorePositions(IReadOnlyList<SourcePosition> positions);
}
