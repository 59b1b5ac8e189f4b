namespace Sluice.Database;

/// <summary>A batch could not be written to its database after the retries: nothing of it was committed.</summary>
public sealed class DatabaseWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseWriteException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public DatabaseWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="inner">The provider's error.</param>
    public DatabaseWriteException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
