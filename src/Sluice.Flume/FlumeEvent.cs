namespace Sluice.Flume;

/// <summary>An event as Flume's Avro sink sends it: its headers and its body.</summary>
/// <param name="Headers">The event's headers (Flume's interceptors put host, timestamp and others here).</param>
/// <param name="Body">The event's body, as Flume read it.</param>
public sealed record FlumeEvent(IReadOnlyDictionary<string, string> Headers, byte[] Body);
