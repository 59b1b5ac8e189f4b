namespace Sluice.Nats;

/// <summary>The core NATS subjects a receiver subscribes to.</summary>
public sealed record NatsSubjectOptions
{
    /// <summary>The server's URL, <c>nats://HOST:PORT</c>. Default <c>nats://localhost:4222</c>.</summary>
    public string Url { get; init; } = "nats://localhost:4222";

    /// <summary>The subjects to subscribe to (<c>*</c> and <c>&gt;</c> wildcards allowed); at least one.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>A queue group: receivers (of this or other applications) in the same group share the messages; none when null.</summary>
    public string? QueueGroup { get; init; }

    /// <summary>The user name to connect with; none when null.</summary>
    public string? UserName { get; init; }

    /// <summary>The password to connect with; only with <see cref="UserName"/>.</summary>
    public string? Password { get; init; }

    /// <summary>How long connecting may take before it counts as failed. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal NatsEndpoint Validate()
    {
        var endpoint = NatsEndpoint.Of(Url, UserName, Password, ConnectTimeout);
        if (Subjects is null || Subjects.Count == 0 || Subjects.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Give at least one subject to subscribe to, none of them empty (for example \"sensors.>\").", nameof(Subjects));
        }

        return endpoint;
    }
}
