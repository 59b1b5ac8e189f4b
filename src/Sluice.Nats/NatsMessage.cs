namespace Sluice.Nats;

/// <summary>A message from NATS: from a core NATS subject, or from a JetStream stream with its sequence number.</summary>
/// <param name="Subject">The subject it was published on.</param>
/// <param name="Data">The payload, as published.</param>
/// <param name="Headers">Its headers (the values of a repeated header joined with commas); null when it had none.</param>
/// <param name="Sequence">Its sequence number in the JetStream stream; null from a core NATS subject.</param>
/// <param name="Timestamp">When the JetStream stream stored it; null from a core NATS subject.</param>
public sealed record NatsMessage(string Subject, byte[] Data, IReadOnlyDictionary<string, string>? Headers, ulong? Sequence, DateTimeOffset? Timestamp);
