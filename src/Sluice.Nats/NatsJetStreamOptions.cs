namespace Sluice.Nats;

/// <summary>The JetStream stream a direct stream reads, where it starts, and how much each batch may take.</summary>
public sealed record NatsJetStreamOptions
{
    /// <summary>The server's URL, <c>nats://HOST:PORT</c>. Default <c>nats://localhost:4222</c>.</summary>
    public string Url { get; init; } = "nats://localhost:4222";

    /// <summary>The JetStream stream to read (it must exist).</summary>
    public string Stream { get; init; } = "";

    /// <summary>Only the stream's messages on these subjects (wildcards allowed); all of them when empty.</summary>
    public IReadOnlyList<string> FilterSubjects { get; init; } = [];

    /// <summary>Where to start without a checkpoint. Default <see cref="NatsStreamStart.Next"/>.</summary>
    public NatsStreamStart StartFrom { get; init; } = NatsStreamStart.Next;

    /// <summary>The sequence number to start at without a checkpoint, in place of <see cref="StartFrom"/>; none when null.</summary>
    public ulong? StartingSequence { get; init; }

    /// <summary>How many tasks read each batch's range, each a part of it, in parallel. Default 1.</summary>
    public int ReadersPerBatch { get; init; } = 1;

    /// <summary>The most sequence numbers per second a batch takes; no limit when null (back-pressure may still bound it).</summary>
    public double? MaxRatePerSecond { get; init; }

    /// <summary>The most sequence numbers the first batch takes; the initial back-pressure rate times the interval when null.</summary>
    public long? MaxRecordsFirstBatch { get; init; }

    /// <summary>How many messages a reader asks the server for at once. Default 1,000.</summary>
    public int FetchSize { get; init; } = 1000;

    /// <summary>The user name to connect with; none when null.</summary>
    public string? UserName { get; init; }

    /// <summary>The password to connect with; only with <see cref="UserName"/>.</summary>
    public string? Password { get; init; }

    /// <summary>How long connecting, and each request to JetStream, may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal NatsEndpoint Validate()
    {
        var endpoint = NatsEndpoint.Of(Url, UserName, Password, ConnectTimeout);
        ArgumentException.ThrowIfNullOrWhiteSpace(Stream, nameof(Stream));
        if (FilterSubjects is null || FilterSubjects.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A filter subject cannot be empty; leave FilterSubjects empty to read every subject of the stream.", nameof(FilterSubjects));
        }

        if (!Enum.IsDefined(StartFrom))
        {
            throw new ArgumentOutOfRangeException(nameof(StartFrom), StartFrom, "Start from Next or First.");
        }

        if (StartingSequence is 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StartingSequence), 0, "JetStream's sequence numbers start at 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ReadersPerBatch, 1, nameof(ReadersPerBatch));
        if (MaxRatePerSecond is { } rate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0, nameof(MaxRatePerSecond));
        }

        if (MaxRecordsFirstBatch is { } first)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(first, 1, nameof(MaxRecordsFirstBatch));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(FetchSize, 1, nameof(FetchSize));
        return endpoint;
    }
}
