namespace Sluice.Web.Api;

/// <summary>
/// Sluice's <c>/streaming/health</c>: whether checkpoints are being written (null without a checkpoint directory),
/// and the last error of each input stream that reads on the driver (a directory that does not exist, brokers
/// that do not answer). Receivers' errors are in <c>/streaming/receivers</c>.
/// </summary>
public sealed record HealthStatus(CheckpointHealth? Checkpoint, IReadOnlyList<InputErrorStatus> InputErrors);
