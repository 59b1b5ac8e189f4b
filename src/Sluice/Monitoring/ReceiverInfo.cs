namespace Sluice.Monitoring;

/// <summary>The state of one receiver, as listeners see it.</summary>
/// <param name="StreamId">The receiver's input stream.</param>
/// <param name="Name">The receiver's type name.</param>
/// <param name="Active">Whether it is receiving.</param>
/// <param name="LastErrorMessage">The last reported error's message, if any.</param>
/// <param name="LastError">The last reported exception, if any.</param>
/// <param name="Time">When this state was reached.</param>
public sealed record ReceiverInfo(int StreamId, string Name, bool Active, string? LastErrorMessage, Exception? LastError, DateTimeOffset Time)
{
    /// <summary>The executor process it runs on; null when it runs in the driver's process.</summary>
    public string? Location { get; init; }
}
