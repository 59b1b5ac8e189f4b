using Sluice.TestSupport;
using System.Text;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Checkpointing;
using Sluice.S3;

namespace Sluice.Tests.Checkpointing;

[Trait("Category", "Process")]
public sealed class S3CheckpointStorageTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<S3CheckpointStorage> NewStorageAsync(string prefix = "apps/counts", int? pageSize = null)
    {
        var bucket = $"b{Guid.NewGuid():N}";
        await s3rver.Client().PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return new S3CheckpointStorage(s3rver.Client(), bucket, prefix) { ListPageSize = pageSize };
    }

    [Fact]
    public async Task WriteReadListDelete_RoundTripUnderThePrefix()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync("a", new byte[] { 1, 2 });
        await storage.WriteAsync("a", new byte[] { 3 });
        await storage.WriteAsync("b", Array.Empty<byte>());
        Assert.Equal([3], await storage.ReadAsync("a"));
        Assert.Empty((await storage.ReadAsync("b"))!);
        Assert.Null(await storage.ReadAsync("missing"));
        Assert.Equal(["a", "b"], (await storage.ListAsync()).Order());
        await storage.DeleteAsync("a");
        Assert.Equal(["b"], await storage.ListAsync());
        Assert.StartsWith("s3://b", storage.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_PagesThroughEveryObject()
    {
        var storage = await NewStorageAsync(pageSize: 3);
        for (var i = 0; i < 8; i++)
        {
            await storage.WriteAsync($"f{i}", new byte[] { (byte)i });
        }

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"f{i}"), (await storage.ListAsync()).Order());
    }

    [Fact]
    public async Task CheckpointDirectory_OverS3_KeepsTheNewestTen_AndFallsBackPastACorruptLatest()
    {
        var storage = await NewStorageAsync();
        var checkpoints = new CheckpointDirectory(storage, NullLogger.Instance);
        for (var batch = 1; batch <= 12; batch++)
        {
            await checkpoints.WriteMetadataAsync(T0.AddSeconds(batch), Encoding.UTF8.GetBytes(batch.ToString(System.Globalization.CultureInfo.InvariantCulture)), _ => []);
        }

        Assert.Equal(10, (await storage.ListAsync()).Count);
        await storage.WriteAsync(CheckpointDirectory.MetadataName(T0.AddSeconds(12)), "garbage"u8.ToArray());
        var latest = await checkpoints.ReadLatestAsync(payload => Encoding.UTF8.GetString(payload.Span));
        Assert.Equal((T0.AddSeconds(11), "11"), latest);
    }

    [Fact]
    public async Task WrongCredentials_AreAnIOExceptionNamingTheLocation()
    {
        var storage = await NewStorageAsync();
        var bucket = storage.Location.Split('/')[2];
        var wrong = new S3CheckpointStorage(s3rver.Client(accessKey: "NOBODY"), bucket, "apps");
        var error = await Assert.ThrowsAsync<IOException>(() => wrong.WriteAsync("metadata", new byte[] { 1 }));
        Assert.Contains($"Cannot write checkpoint file metadata to s3://{bucket}/apps/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndpointThatDoesNotAnswer_IsAnIOException_ForWritesAndDeletes()
    {
        // A receiver's write-ahead log retries a block it could not write only when the failure is an IOException.
        var port = Loopback.FreePort();
        using var client = new Amazon.S3.AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
            new Amazon.S3.AmazonS3Config { ServiceURL = $"http://127.0.0.1:{port}", ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var unreachable = new S3CheckpointStorage(client, "bucket", "apps");
        var write = await Assert.ThrowsAsync<IOException>(() => unreachable.WriteAsync("received-1-0000000000000000001", new byte[] { 1 }));
        Assert.Contains("Cannot write checkpoint file received-1-0000000000000000001 to s3://bucket/apps/", write.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAsync<IOException>(() => unreachable.DeleteAsync("received-1-0000000000000000001"));
        Assert.Contains("Cannot delete checkpoint file received-1-0000000000000000001 from s3://bucket/apps/", delete.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lease_RefusesASecondHolder_NamingTheFirst_AndIsFreeOnceReleased()
    {
        var storage = await NewStorageAsync();
        var first = new CheckpointLockHolder("counts", "host-a", 41, T0);
        var lease = await storage.LockAsync(first);
        Assert.DoesNotContain(".lock", await storage.ListAsync());
        var error = await Assert.ThrowsAsync<CheckpointLockedException>(() => storage.LockAsync(new CheckpointLockHolder("other", "host-b", 42, T0)));
        Assert.Equal(first, error.Holder);
        Assert.Contains($"{storage.Location} is in use by application 'counts' (process 41 on host-a, since ", error.Message, StringComparison.Ordinal);

        await lease.DisposeAsync();
        await (await storage.LockAsync(new CheckpointLockHolder("other", "host-b", 42, T0))).DisposeAsync();
    }

    [Fact]
    public async Task Lease_ThatWasNotRenewed_OrOfADeadProcessOfThisMachine_IsTakenOver()
    {
        var storage = await NewStorageAsync();
        var bucket = storage.Location.Split('/')[2];
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var timed = new S3CheckpointStorage(s3rver.Client(), bucket, "apps/counts") { Clock = clock };

        // What a holder that crashed leaves: its last lease, renewed at T0 for 30 s.
        async Task LeaveLeaseAsync(CheckpointLockHolder holder, DateTimeOffset expires)
        {
            using var body = new MemoryStream(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new S3CheckpointLease.Lease(holder, "crashed", expires)));
            await s3rver.Client().PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "apps/counts/.lock", InputStream = body, UseChunkEncoding = false });
        }

        await LeaveLeaseAsync(new CheckpointLockHolder("crashed", "host-a", 41, T0), T0.AddSeconds(30));
        var refused = await Assert.ThrowsAsync<CheckpointLockedException>(() => timed.LockAsync(new CheckpointLockHolder("next", "host-b", 42, T0)));
        Assert.Equal("crashed", refused.Holder!.Application);

        clock.SetUtcNow(T0.AddSeconds(31));
        await (await timed.LockAsync(new CheckpointLockHolder("next", "host-b", 42, T0))).DisposeAsync();

        using var gone = System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync();
        await LeaveLeaseAsync(new CheckpointLockHolder("crashed", Environment.MachineName, gone.Id, T0), T0.AddHours(1));
        await (await timed.LockAsync(new CheckpointLockHolder("next", "host-b", 42, T0))).DisposeAsync();
    }
}
