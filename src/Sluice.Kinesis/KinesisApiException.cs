namespace Sluice.Kinesis;

/// <summary>Kinesis refused a call: <see cref="ErrorType"/> is its error's type (such as <c>ResourceNotFoundException</c>).</summary>
public sealed class KinesisApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KinesisApiException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What failed.</param>
    public KinesisApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public KinesisApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal KinesisApiException(string errorType, string detail, string where)
        : base($"{where}: {Explain(errorType, detail)}")
    {
        ErrorType = errorType;
    }

    /// <summary>The error's type as Kinesis names it; empty when the exception did not come from Kinesis.</summary>
    public string ErrorType { get; } = "";

    private static string Explain(string type, string detail) => type switch
    {
        "ResourceNotFoundException" => $"the stream does not exist ({detail}). Create it, or check StreamName and Region",
        "ProvisionedThroughputExceededException" or "LimitExceededException" => $"Kinesis is throttling ({detail}): each shard allows 5 reads a second, shared by every consumer. The call is tried again",
        "ExpiredIteratorException" => $"the shard iterator expired ({detail}); a new one is asked for",
        "UnrecognizedClientException" or "InvalidSignatureException" or "AccessDeniedException" or "IncompleteSignature" or "MissingAuthenticationToken"
            => $"Kinesis refused the credentials ({type}: {detail}). Check the access key and secret, or the credentials the AWS SDK finds",
        _ => $"{type}: {detail}",
    };
}
