namespace Sluice.Kafka;

/// <summary>A Kafka direct stream could not read what a batch needs: offsets deleted by retention, a partition taken by another consumer, brokers out of reach.</summary>
public sealed class KafkaReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaReadException()
    {
    }

    /// <summary>Creates the exception with a message that says what, where, and what to do.</summary>
    public KafkaReadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the Kafka error behind it.</summary>
    public KafkaReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
