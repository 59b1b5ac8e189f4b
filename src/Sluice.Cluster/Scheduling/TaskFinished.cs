using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Scheduling;

/// <summary>
/// An executor's answer to a task. A result (or accumulator additions) too large for a control message is left on the
/// executor as a block (<paramref name="ResultBlock"/>, <paramref name="AccumulatedBlock"/>) for the driver to fetch
/// over the data channel, as Spark's indirect task results.
/// </summary>
internal sealed record TaskFinished(RemoteTaskOutcome Outcome, string? ResultBlock, string? AccumulatedBlock = null);
