namespace Sluice.Kinesis;

/// <summary>The Kinesis data stream a direct stream reads, how to reach it, where it starts, and how much each batch may take.</summary>
public sealed record KinesisStreamOptions
{
    /// <summary>The data stream's name.</summary>
    public string StreamName { get; init; } = "";

    /// <summary>The AWS region. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>
    /// The endpoint, such as <c>http://localhost:4567</c> for kinesalite; Kinesis' own for <see cref="Region"/>
    /// (<c>https://kinesis.REGION.amazonaws.com</c>) when null.
    /// </summary>
    public string? ServiceUrl { get; init; }

    /// <summary>
    /// An access key id, with <see cref="SecretAccessKey"/>; when null, each process (the driver and every executor)
    /// finds credentials as the AWS SDK does: environment variables, the shared profile, the instance's role.
    /// </summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The secret of <see cref="AccessKeyId"/>.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>A session token, with temporary credentials; none when null.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Where to start without a checkpoint. Default <see cref="KinesisStreamStart.Latest"/>.</summary>
    public KinesisStreamStart StartFrom { get; init; } = KinesisStreamStart.Latest;

    /// <summary>The most records per second a batch takes over all shards; no limit when null (back-pressure may still bound it).</summary>
    public double? MaxRatePerSecond { get; init; }

    /// <summary>The most records the first batch takes; the initial back-pressure rate times the interval when null.</summary>
    public long? MaxRecordsFirstBatch { get; init; }

    /// <summary>The most records one GetRecords call returns (Kinesis allows up to 10,000). Default 10,000.</summary>
    public int MaxRecordsPerRequest { get; init; } = 10_000;

    /// <summary>How long one API call may take. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal KinesisEndpoint Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(StreamName, nameof(StreamName));
        ArgumentException.ThrowIfNullOrWhiteSpace(Region, nameof(Region));
        if (ServiceUrl is not null && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"'{ServiceUrl}' is not an endpoint URL: write http(s)://HOST:PORT, for example http://localhost:4567.", nameof(ServiceUrl));
        }

        if ((AccessKeyId is null) != (SecretAccessKey is null))
        {
            throw new ArgumentException("An access key id goes with its secret: give both AccessKeyId and SecretAccessKey, or neither to use the AWS SDK's credentials chain.", nameof(AccessKeyId));
        }

        if (!Enum.IsDefined(StartFrom))
        {
            throw new ArgumentOutOfRangeException(nameof(StartFrom), StartFrom, "Start from Latest or TrimHorizon.");
        }

        if (MaxRatePerSecond is { } rate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0, nameof(MaxRatePerSecond));
        }

        if (MaxRecordsFirstBatch is { } first)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(first, 1, nameof(MaxRecordsFirstBatch));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordsPerRequest, 1, nameof(MaxRecordsPerRequest));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRecordsPerRequest, 10_000, nameof(MaxRecordsPerRequest));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        return new KinesisEndpoint(ServiceUrl ?? $"https://kinesis.{Region}.amazonaws.com", Region, AccessKeyId, SecretAccessKey, SessionToken, RequestTimeout);
    }
}
