namespace Sluice.Cli;

/// <summary>Arguments that parse but cannot work together (a receiver with a single worker thread): a usage error, exit code 2.</summary>
internal sealed class CliUsageException(string message, Exception? innerException = null) : Exception(message, innerException);
