using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Cluster.Scheduling;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Executing;

/// <summary>
/// Task results too large for a control message, held on the executor until the driver fetches each once over the
/// data channel; Akka's default frame (128,000 bytes) would drop a larger message.
/// </summary>
internal sealed class ResultBlocks
{
    /// <summary>Results up to this size travel with the answer.</summary>
    public const int MaxDirect = 64 * 1024;

    private readonly ConcurrentDictionary<string, byte[]> _held = new();

    /// <summary>The answer for a task's outcome, keeping a large result here.</summary>
    public TaskFinished Answer(long taskId, RemoteTaskOutcome outcome)
    {
        if (outcome.Result is not { Length: > MaxDirect } result)
        {
            return new TaskFinished(outcome, null);
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"result_{taskId}");
        _held[id] = result;
        return new TaskFinished(outcome with { Result = null }, id);
    }

    /// <summary>A held result, given once: the driver fetches it when the answer comes.</summary>
    public bool TryTake(string id, out byte[] result) => _held.TryRemove(id, out result!);
}
