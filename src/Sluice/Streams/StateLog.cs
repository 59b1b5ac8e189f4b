using Microsoft.Extensions.Logging;

namespace Sluice.Streams;

/// <summary>The stateful streams' log messages, with stable event ids.</summary>
internal static partial class StateLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Batch {Time:O}: output {Output} needed state that was lost with its executor ({Reason}). Building the batch's datasets again from the newest version of the state still held or saved, and running the output again (attempt {Attempt})")]
    public static partial void RebuildingBatch(ILogger logger, DateTimeOffset time, string output, string reason, int attempt);
}
