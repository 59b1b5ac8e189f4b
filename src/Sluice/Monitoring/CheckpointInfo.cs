namespace Sluice.Monitoring;

/// <summary>A checkpoint written after a batch, or one that could not be: the checkpoint's health, as the UI shows it.</summary>
/// <param name="BatchTime">The batch the checkpoint was taken at.</param>
/// <param name="Location">Where checkpoints are written (a directory, a bucket URL).</param>
/// <param name="Bytes">The size of what was written: the metadata and the state files saved with it.</param>
/// <param name="Failure">Why it could not be written (the disk is full, permission denied), or <see langword="null"/> when it was.</param>
/// <param name="ConsecutiveFailures">How many checkpoints in a row have failed, this one included; 0 after a success.</param>
/// <param name="Time">When the write ended.</param>
public sealed record CheckpointInfo(DateTimeOffset BatchTime, string Location, long Bytes, string? Failure, int ConsecutiveFailures, DateTimeOffset Time)
{
    /// <summary>Whether the checkpoint was written.</summary>
    public bool Succeeded => Failure is null;
}
