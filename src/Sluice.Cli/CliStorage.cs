using System.CommandLine;
using Amazon.S3;
using Sluice.Checkpointing;
using Sluice.S3;

namespace Sluice.Cli;

/// <summary>
/// Where <c>--checkpoint</c> (and <c>checkpoint inspect</c>) may point besides a local directory:
/// <c>s3://bucket/prefix</c>, with credentials from the usual AWS environment variables and, for an S3-compatible
/// store, <c>--s3-endpoint</c>.
/// </summary>
internal sealed class CliStorage
{
    private readonly Option<Uri?> _s3Endpoint = CliOptions.HttpUrl(
        "--s3-endpoint",
        "the store's URL",
        "http://127.0.0.1:9000",
        "For s3:// checkpoints on an S3-compatible store (MinIO, Ceph): its URL. Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the usual AWS profile), the region from AWS_REGION.");

    private AmazonS3Client? _client;

    public void AddTo(Command root) => root.Options.Add(_s3Endpoint);

    /// <summary>
    /// The checkpoint storage at <paramref name="location"/>: for <c>s3://bucket/prefix</c>, S3 through a client made
    /// from the environment and <c>--s3-endpoint</c>; otherwise what the engine opens (a local directory). Made here
    /// rather than registered for the process, so a command run in another program changes nothing of that program's.
    /// </summary>
    public ICheckpointStorage Open(ParseResult parsed, string location)
        => Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme == "s3"
            ? S3CheckpointStorage.At(_client ??= Client(parsed.GetValue(_s3Endpoint)), uri)
            : CheckpointStorages.Open(location);

    private static AmazonS3Client Client(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return new AmazonS3Client(); // region and credentials as the AWS SDK finds them
        }

        // An S3-compatible store: path-style addressing, and a region for the signature even when it has none.
        return new AmazonS3Client(new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1",
        });
    }
}
