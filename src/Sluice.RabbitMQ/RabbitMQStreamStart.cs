namespace Sluice.RabbitMQ;

/// <summary>Where a direct stream over a stream queue starts when no checkpoint says where it was.</summary>
public enum RabbitMQStreamStart
{
    /// <summary>With the messages published after the stream starts (Spark's <c>latest</c>).</summary>
    Next,

    /// <summary>With the first message the stream queue still holds (Spark's <c>earliest</c>).</summary>
    First,
}
