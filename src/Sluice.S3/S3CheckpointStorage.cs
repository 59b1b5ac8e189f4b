using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.Checkpointing;

namespace Sluice.S3;

/// <summary>
/// Checkpoint files as objects under a prefix of an S3 bucket. A PUT replaces an object whole, so every write is
/// atomic without a temporary name; listings page through every object under the prefix.
/// </summary>
public sealed class S3CheckpointStorage : ICheckpointStorage
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _prefix;

    /// <summary>Uses the objects under <paramref name="prefix"/> in <paramref name="bucket"/>.</summary>
    /// <param name="client">A configured S3 client; the caller keeps ownership.</param>
    /// <param name="bucket">An existing bucket.</param>
    /// <param name="prefix">A key prefix such as <c>apps/word-count/</c>; empty for the whole bucket.</param>
    public S3CheckpointStorage(IAmazonS3 client, string bucket, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        _client = client;
        _bucket = bucket;
        _prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
    }

    /// <summary>Uses the objects under an <c>s3://bucket/prefix</c> URI.</summary>
    /// <param name="client">A configured S3 client; the caller keeps ownership.</param>
    /// <param name="location">An <c>s3://</c> URI: its host is the bucket, its path the prefix.</param>
    public static S3CheckpointStorage At(IAmazonS3 client, Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new S3CheckpointStorage(client, location.Host, Uri.UnescapeDataString(location.AbsolutePath.TrimStart('/')));
    }

    /// <inheritdoc/>
    public string Location => $"s3://{_bucket}/{_prefix}";

    /// <summary>Objects per listing page; the store's default (1,000 on S3) when null. Tests make it small to exercise paging.</summary>
    internal int? ListPageSize { get; init; }

    /// <summary>How long a lease taken by <see cref="LockAsync"/> lasts unless renewed: how long a crashed holder on another machine keeps the checkpoints from a new one.</summary>
    internal TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock leases are timed on.</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <inheritdoc/>
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = KeyOf(name),
            InputStream = body,
            UseChunkEncoding = false, // some S3-compatible stores keep chunk signatures inside the object otherwise
            AutoCloseStream = false,
        };
        try
        {
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException error)
        {
            throw new IOException(
                $"Cannot write checkpoint file {name} to {Location}: {error.Message} ({error.StatusCode}). The objects already there are intact; check the bucket, the credentials and the endpoint.",
                error);
        }
        catch (Exception error) when (error is AmazonClientException or HttpRequestException)
        {
            throw new IOException(
                $"Cannot write checkpoint file {name} to {Location}: {error.Message} The objects already there are intact; check that the endpoint is reachable.",
                error);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _client.GetObjectAsync(_bucket, KeyOf(name), cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        // Version 1 listing with a marker: every S3-compatible store pages it alike.
        var names = new List<string>();
        var request = new ListObjectsRequest { BucketName = _bucket, Prefix = _prefix, MaxKeys = ListPageSize };
        ListObjectsResponse response;
        do
        {
            response = await _client.ListObjectsAsync(request, cancellationToken).ConfigureAwait(false);
            var objects = response.S3Objects ?? [];
            names.AddRange(objects.Select(o => o.Key[_prefix.Length..]).Where(name => name.Length > 0 && name[0] != '.' && !name.Contains('/', StringComparison.Ordinal)));
            request.Marker = objects.Count > 0 ? objects[^1].Key : null;
        }
        while (response.IsTruncated == true && request.Marker is not null);

        return names;
    }

    /// <inheritdoc/>
    /// <remarks>A lease object, <c>.lock</c> under the prefix, renewed every 10 s; a lease not renewed for 30 s (or held by a dead process of this machine) is taken over. Keep the machines' clocks in step.</remarks>
    public async Task<IAsyncDisposable> LockAsync(CheckpointLockHolder holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return await S3CheckpointLease.TakeAsync(this, holder, LeaseDuration, Clock, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.DeleteObjectAsync(_bucket, KeyOf(name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new IOException($"Cannot delete checkpoint file {name} from {Location}: {error.Message} Check the bucket, the credentials and the endpoint.", error);
        }
    }

    private string KeyOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Checkpoint file name '{name}' must not contain '/'.", nameof(name));
        }

        return _prefix + name;
    }
}
