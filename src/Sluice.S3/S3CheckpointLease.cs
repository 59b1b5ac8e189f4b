using System.Text.Json;
using Amazon.Runtime;
using Sluice.Checkpointing;

namespace Sluice.S3;

/// <summary>
/// The hold of a checkpoint prefix in a bucket: a lease object, <c>.lock</c>, naming its holder and when the lease
/// ends, renewed a third of the way through. Another application takes it over only when it is stale: expired, or
/// held by a process of its own machine that no longer runs. Object stores have no lock, so a take is written and
/// read back, and the later of two racing writers sees the other's lease and backs off.
/// </summary>
internal sealed class S3CheckpointLease : IAsyncDisposable
{
    public const string LeaseName = ".lock";

    private readonly S3CheckpointStorage _storage;
    private readonly Lease _lease;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private S3CheckpointLease(S3CheckpointStorage storage, Lease lease, TimeSpan duration, TimeProvider clock)
    {
        (_storage, _lease, _duration, _clock) = (storage, lease, duration, clock);
        _renewing = RenewAsync();
    }

    /// <exception cref="CheckpointLockedException">Another application holds a lease that is not stale.</exception>
    public static async Task<S3CheckpointLease> TakeAsync(S3CheckpointStorage storage, CheckpointLockHolder holder, TimeSpan duration, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await ReadAsync(storage, cancellationToken).ConfigureAwait(false) is { } current && !current.IsStale(clock))
        {
            throw new CheckpointLockedException(storage.Location, current.Holder);
        }

        var lease = new Lease(holder, Guid.NewGuid().ToString("N"), clock.GetUtcNow() + duration);
        await WriteAsync(storage, lease, cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(storage, cancellationToken).ConfigureAwait(false) is { } read && read.Token != lease.Token)
        {
            throw new CheckpointLockedException(storage.Location, read.Holder); // another took it at the same moment, and wrote last
        }

        return new S3CheckpointLease(storage, lease, duration, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        if (await ReadAsync(_storage, CancellationToken.None).ConfigureAwait(false) is { } current && current.Token == _lease.Token)
        {
            await _storage.DeleteAsync(LeaseName, CancellationToken.None).ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    /// <summary>Renews the lease a third of the way through, while it is still this one's; a lease taken over (this process stalled past its end) is left to its new holder.</summary>
    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_duration / 3, _clock, _stop.Token).ConfigureAwait(false);
                if ((await ReadAsync(_storage, _stop.Token).ConfigureAwait(false))?.Token != _lease.Token)
                {
                    return;
                }

                await WriteAsync(_storage, _lease with { Expires = _clock.GetUtcNow() + _duration }, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception error) when (error is AmazonServiceException or HttpRequestException or IOException)
        {
            // The store cannot be reached: the lease runs out, and the checkpoint writes fail and say so.
            _ = error;
        }
    }

    /// <summary>The lease, or null when there is none (or it is damaged).</summary>
    private static async Task<Lease?> ReadAsync(S3CheckpointStorage storage, CancellationToken cancellationToken)
    {
        try
        {
            return await storage.ReadAsync(LeaseName, cancellationToken).ConfigureAwait(false) is { } content ? JsonSerializer.Deserialize<Lease>(content) : null;
        }
        catch (JsonException)
        {
            return null; // a damaged lease holds nothing
        }
    }

    private static Task WriteAsync(S3CheckpointStorage storage, Lease lease, CancellationToken cancellationToken)
        => storage.WriteAsync(LeaseName, JsonSerializer.SerializeToUtf8Bytes(lease), cancellationToken);

    /// <summary>The lease object's content.</summary>
    internal sealed record Lease(CheckpointLockHolder Holder, string Token, DateTimeOffset Expires)
    {
        public bool IsStale(TimeProvider clock) => Expires <= clock.GetUtcNow() || Holder.IsDeadProcessOfThisHost();
    }
}
