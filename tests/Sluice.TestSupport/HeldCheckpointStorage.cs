using Sluice.Checkpointing;

namespace Sluice.TestSupport;

/// <summary>
/// A checkpoint storage whose metadata writes wait while it is held, as on a disk or store that is slow to answer:
/// batches go on completing, and nothing they checkpoint is durable until <see cref="Release"/>. Every other
/// operation goes straight to the storage it wraps.
/// </summary>
public sealed class HeldCheckpointStorage(ICheckpointStorage storage) : ICheckpointStorage
{
    private TaskCompletionSource _released = NewGate(released: true);

    public string Location => storage.Location;

    /// <summary>From now on, metadata writes wait for <see cref="Release"/>.</summary>
    public void Hold() => Interlocked.Exchange(ref _released, NewGate(released: false));

    /// <summary>Lets the waiting metadata writes, and all later ones, go through.</summary>
    public void Release() => Volatile.Read(ref _released).TrySetResult();

    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (name.StartsWith("metadata-", StringComparison.Ordinal))
        {
            await Volatile.Read(ref _released).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await storage.WriteAsync(name, content, cancellationToken).ConfigureAwait(false);
    }

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default) => storage.ReadAsync(name, cancellationToken);

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default) => storage.OpenReadAsync(name, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => storage.ListAsync(cancellationToken);

    public Task<IAsyncDisposable> LockAsync(CheckpointLockHolder holder, CancellationToken cancellationToken = default) => storage.LockAsync(holder, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => storage.DeleteAsync(name, cancellationToken);

    private static TaskCompletionSource NewGate(bool released)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (released)
        {
            gate.SetResult();
        }

        return gate;
    }
}
