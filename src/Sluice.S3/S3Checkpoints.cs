using Amazon.S3;
using Sluice.Checkpointing;

namespace Sluice.S3;

/// <summary>Lets applications checkpoint to <c>s3://bucket/prefix</c> URIs, as Spark takes <c>s3a://</c> checkpoint directories.</summary>
public static class S3Checkpoints
{
    /// <summary>
    /// Registers the <c>s3</c> scheme: from now on <c>StreamingContext.Checkpoint("s3://bucket/prefix")</c> and
    /// <c>GetOrCreate</c> keep checkpoints as objects under that prefix, through <paramref name="client"/>.
    /// </summary>
    /// <param name="client">A configured S3 client (region, credentials, endpoint for an S3-compatible store); the caller keeps ownership.</param>
    public static void Register(IAmazonS3 client)
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckpointStorages.Register("s3", uri => S3CheckpointStorage.At(client, uri));
    }
}
