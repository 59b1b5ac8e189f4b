using Microsoft.Extensions.Logging;

namespace Sluice.Checkpointing;

/// <summary>Log messages of checkpointing, defined once.</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Checkpoint in {Location}: newer checkpoints could not be read, so {Used} is used. {Problems}")]
    public static partial void FellBack(ILogger logger, string location, string used, string problems);
}
