using Microsoft.Extensions.Logging;

namespace Sluice.Checkpointing;

/// <summary>Log messages of checkpointing, defined once.</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Checkpoint in {Location}: newer checkpoints could not be used, so {Used} is used. {Problems}")]
    public static partial void FellBack(ILogger logger, string location, string used, string problems);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Checkpoint of batch {BatchTime:O} could not be written to {Location}; the previous checkpoint stays the one a restart uses, and the next batch tries again{Repeats}")]
    public static partial void WriteFailed(ILogger logger, Exception error, DateTimeOffset batchTime, string location, string repeats);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "No checkpoint in {Location} can be used; starting afresh as asked (createOnError)")]
    public static partial void StartingAfresh(ILogger logger, Exception error, string location);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Recovered from the checkpoint in {Location} at batch {BatchTime:O}: {Pending} pending batches, {StateFiles} state partitions")]
    public static partial void Recovered(ILogger logger, string location, DateTimeOffset batchTime, int pending, int stateFiles);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Checkpoints are written to {Location} again, from batch {BatchTime:O}, after {Failures} failed")]
    public static partial void WritingAgain(ILogger logger, string location, DateTimeOffset batchTime, int failures);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "Input {Input} failed to handle the checkpoint of batch {BatchTime:O} being written; the checkpoint itself is written")]
    public static partial void InputHookFailed(ILogger logger, Exception error, string input, DateTimeOffset batchTime);
}
