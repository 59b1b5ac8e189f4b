namespace Sluice.Execution.Tasks;

/// <summary>Task bytes that this process cannot run: another build of the application wrote them, or they are damaged.</summary>
internal sealed class TaskFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskFormatException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public TaskFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public TaskFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
