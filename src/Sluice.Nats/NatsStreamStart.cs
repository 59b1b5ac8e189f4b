namespace Sluice.Nats;

/// <summary>Where a direct stream over a JetStream stream starts when no checkpoint says where it was.</summary>
public enum NatsStreamStart
{
    /// <summary>With the messages stored after the stream starts (Spark's <c>latest</c>).</summary>
    Next,

    /// <summary>With the first message the JetStream stream still holds (Spark's <c>earliest</c>).</summary>
    First,
}
