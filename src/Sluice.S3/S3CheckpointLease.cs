using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
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

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _location;
    private readonly Lease _lease;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private S3CheckpointLease(IAmazonS3 client, string bucket, string key, string location, Lease lease, TimeSpan duration, TimeProvider clock)
    {
        (_client, _bucket, _key, _location, _lease, _duration, _clock) = (client, bucket, key, location, lease, duration, clock);
        _renewing = RenewAsync();
    }

    /// <exception cref="CheckpointLockedException">Another application holds a lease that is not stale.</exception>
    public static async Task<S3CheckpointLease> TakeAsync(
        IAmazonS3 client, string bucket, string key, string location, CheckpointLockHolder holder, TimeSpan duration, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await ReadAsync(client, bucket, key, cancellationToken).ConfigureAwait(false) is { } current && !current.IsStale(clock))
        {
            throw new CheckpointLockedException(location, current.Holder);
        }

        var lease = new Lease(holder, Guid.NewGuid().ToString("N"), clock.GetUtcNow() + duration);
        await WriteAsync(client, bucket, key, lease, cancellationToken).ConfigureAwait(false);

        if (await ReadAsync(client, bucket, key, cancellationToken).ConfigureAwait(false) is { } read && read.Token != lease.Token)
        {
            throw new CheckpointLockedException(location, read.Holder); // another took it at the same moment, and wrote last
        }

        return new S3CheckpointLease(client, bucket, key, location, lease, duration, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        if (await ReadAsync(_client, _bucket, _key, CancellationToken.None).ConfigureAwait(false) is { } current && current.Token == _lease.Token)
        {
            await _client.DeleteObjectAsync(_bucket, _key, CancellationToken.None).ConfigureAwait(false);
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
                var current = await ReadAsync(_client, _bucket, _key, _stop.Token).ConfigureAwait(false);
                if (current?.Token != _lease.Token)
                {
                    return;
                }

                await WriteAsync(_client, _bucket, _key, _lease with { Expires = _clock.GetUtcNow() + _duration }, _stop.Token).ConfigureAwait(false);
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
    private static async Task<Lease?> ReadAsync(IAmazonS3 client, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<Lease>(content.GetBuffer().AsSpan(0, (int)content.Length));
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (JsonException)
        {
            return null; // a damaged lease holds nothing
        }
    }

    private static async Task WriteAsync(IAmazonS3 client, string bucket, string key, Lease lease, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(lease), writable: false);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, UseChunkEncoding = false, AutoCloseStream = false }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lease object's content.</summary>
    internal sealed record Lease(CheckpointLockHolder Holder, string Token, DateTimeOffset Expires)
    {
        public bool IsStale(TimeProvider clock) => Expires <= clock.GetUtcNow() || Holder.IsDeadProcessOfThisHost();
    }
}
