namespace Sluice.Kinesis;

/// <summary>A batch's range of a Kinesis shard could not be read: the message says which, why and what to do.</summary>
public sealed class KinesisReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KinesisReadException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    public KinesisReadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public KinesisReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
