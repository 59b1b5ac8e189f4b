using System.Text.Json;

namespace Sluice.Checkpointing;

/// <summary>
/// The hold of a local checkpoint directory: <c>.lock</c> kept open with an exclusive operating-system lock (which
/// ends with the process, however it ends) and <c>.lock-holder</c>, who holds it, for the message a second
/// application gets (the locked file itself cannot be read by another process).
/// </summary>
internal sealed class LocalCheckpointLock : IAsyncDisposable
{
    private const string LockName = ".lock";
    private const string HolderName = ".lock-holder";
    private readonly FileStream _lock;

    private LocalCheckpointLock(FileStream held) => _lock = held;

    /// <exception cref="CheckpointLockedException">Another application (or context) holds the directory.</exception>
    public static LocalCheckpointLock Take(string directory, CheckpointLockHolder holder)
    {
        var path = Path.Combine(directory, LockName);
        FileStream held;
        try
        {
            // FileShare.None takes an exclusive flock on Unix, a sharing lock on Windows: both end with the process.
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error) when (File.Exists(path))
        {
            throw new CheckpointLockedException(directory, ReadHolder(directory), error);
        }

        WriteHolder(directory, holder);
        return new LocalCheckpointLock(held);
    }

    public ValueTask DisposeAsync()
    {
        _lock.Dispose(); // the holder file stays: it says who held the directory last, and is replaced by the next holder
        return ValueTask.CompletedTask;
    }

    /// <summary>Says who holds the directory, for the message of a second application; on a full disk it cannot, and the lock holds all the same.</summary>
    private static void WriteHolder(string directory, CheckpointLockHolder holder)
    {
        var temporary = Path.Combine(directory, $".tmp-{HolderName}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(holder));
            File.Move(temporary, Path.Combine(directory, HolderName), overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
                File.Delete(Path.Combine(directory, HolderName)); // not someone else's name on this lock
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: a refused application then hears of "another application".
            }
        }
    }

    private static CheckpointLockHolder? ReadHolder(string directory)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointLockHolder>(File.ReadAllBytes(Path.Combine(directory, HolderName)));
        }
        catch (Exception error) when (error is IOException or JsonException or UnauthorizedAccessException)
        {
            return null; // the holder is still writing it, or it is damaged: "another application" it is
        }
    }
}
