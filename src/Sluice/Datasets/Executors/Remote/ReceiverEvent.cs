namespace Sluice.Datasets.Executors.Remote;

/// <summary>A receiver's report from the executor that runs it, for the driver's log and listeners.</summary>
/// <param name="StreamId">The receiver's input stream.</param>
/// <param name="ExecutorId">Where it runs.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Name">The receiver's type name.</param>
/// <param name="Message">What it said, if anything.</param>
/// <param name="Error">The exception, as text, if any.</param>
internal sealed record ReceiverEvent(int StreamId, string ExecutorId, ReceiverEventKind Kind, string Name, string? Message, string? Error);
