namespace Sluice.Checkpointing;

/// <summary>
/// Another application holds the checkpoint directory: two applications writing one directory would each
/// recover the other's state. Stop the other one, or give this one its own directory.
/// </summary>
public sealed class CheckpointLockedException : IOException
{
    /// <summary>Creates the exception for a directory held by <paramref name="holder"/>.</summary>
    /// <param name="location">The checkpoint directory or bucket URL.</param>
    /// <param name="holder">Who holds it, when known.</param>
    /// <param name="innerException">The error that showed it, if any.</param>
    public CheckpointLockedException(string location, CheckpointLockHolder? holder, Exception? innerException = null)
        : base(
            $"The checkpoint directory {location} is in use by {holder?.ToString() ?? "another application"}. Two applications must not share a checkpoint directory: stop the other one, or give this one its own --checkpoint directory.",
            innerException)
    {
        Location = location;
        Holder = holder;
    }

    /// <summary>The checkpoint directory or bucket URL.</summary>
    public string Location { get; }

    /// <summary>Who holds it, when known.</summary>
    public CheckpointLockHolder? Holder { get; }
}
