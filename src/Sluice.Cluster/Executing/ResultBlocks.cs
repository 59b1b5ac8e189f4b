using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Cluster.Scheduling;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Executing;

/// <summary>
/// Task results and accumulator additions too large for a control message, held on the executor until the driver
/// fetches each once over the data channel: Akka's default frame (128,000 bytes) would drop a larger message.
/// </summary>
internal sealed class ResultBlocks
{
    /// <summary>Results and accumulator additions up to this size travel with the answer.</summary>
    public const int MaxDirect = 64 * 1024;

    private readonly ConcurrentDictionary<string, byte[]> _held = new();

    /// <summary>The answer for a task's outcome, keeping a large result or large accumulator additions here.</summary>
    public TaskFinished Answer(long taskId, RemoteTaskOutcome outcome)
    {
        var result = Hold(outcome.Result, "result", taskId);
        var accumulated = Hold(outcome.Accumulated, "accumulated", taskId);
        return new TaskFinished(
            outcome with { Result = result is null ? outcome.Result : null, Accumulated = accumulated is null ? outcome.Accumulated : null },
            result,
            accumulated);
    }

    /// <summary>Keeps <paramref name="bytes"/> here when too large to travel with the answer; the block's id, or null.</summary>
    private string? Hold(byte[]? bytes, string kind, long taskId)
    {
        if (bytes is not { Length: > MaxDirect })
        {
            return null;
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{kind}_{taskId}");
        _held[id] = bytes;
        return id;
    }

    /// <summary>A held result, given once: the driver fetches it when the answer comes.</summary>
    public bool TryTake(string id, out byte[] result) => _held.TryRemove(id, out result!);
}
