namespace Sluice.RabbitMQ;

/// <summary>A batch's range of a stream queue could not be read: the message says which, why and what to do.</summary>
public sealed class RabbitMQReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RabbitMQReadException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    public RabbitMQReadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public RabbitMQReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
