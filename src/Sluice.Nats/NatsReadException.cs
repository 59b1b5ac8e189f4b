namespace Sluice.Nats;

/// <summary>A batch's range of a JetStream stream could not be read: the message says which, why and what to do.</summary>
public sealed class NatsReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NatsReadException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    public NatsReadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public NatsReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
