namespace Sluice.Monitoring;

/// <summary>
/// An input stream without a receiver (a file directory, a Kafka topic) could not read its source: what a receiver
/// reports through <see cref="ReceiverInfo.LastErrorMessage"/>, for the streams that read on the driver.
/// </summary>
/// <param name="StreamId">The input stream's id.</param>
/// <param name="Stream">The input stream's identity (<c>textFileStream-0</c>, or the name given it).</param>
/// <param name="Message">What is wrong and what to do, in words.</param>
/// <param name="Error">The exception behind it, if any.</param>
/// <param name="Time">When it was reported.</param>
public sealed record InputErrorInfo(int StreamId, string Stream, string Message, Exception? Error, DateTimeOffset Time);
