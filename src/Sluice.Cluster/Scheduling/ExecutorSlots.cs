using Akka.Actor;
using Sluice.Cluster.Membership;

namespace Sluice.Cluster.Scheduling;

/// <summary>One registered executor as the driver's scheduler keeps it: its control endpoint, its free slots, and whether it was lost.</summary>
internal sealed class ExecutorSlots(ExecutorInfo info, ActorSelection endpoint) : IDisposable
{
    private readonly CancellationTokenSource _lost = new();

    public ExecutorInfo Info { get; } = info;

    public ActorSelection Endpoint { get; } = endpoint;

    /// <summary>Tasks sent and not answered; changed under the scheduler's lock.</summary>
    public int Running { get; set; }

    public int Free => Info.Slots - Running;

    /// <summary>The stage binaries sent to it with a task; changed under the scheduler's lock.</summary>
    public HashSet<int> StagesSent { get; } = [];

    /// <summary>Tasks it answered with success; changed under the scheduler's lock.</summary>
    public long Completed { get; set; }

    /// <summary>Tasks that failed on it or were lost with it; changed under the scheduler's lock.</summary>
    public long Failed { get; set; }

    /// <summary>Bytes of map output its tasks read; changed under the scheduler's lock.</summary>
    public long ShuffleRead { get; set; }

    /// <summary>Bytes of map output its tasks wrote; changed under the scheduler's lock.</summary>
    public long ShuffleWritten { get; set; }

    /// <summary>The executor as the UI shows it.</summary>
    public Datasets.ExecutorInfo Summary()
        => new(Info.Id, Info.BlockAddress.Authority, Info.Slots, Running, Completed, Failed, LostReason is null, LostReason, ShuffleReadBytes: ShuffleRead, ShuffleWriteBytes: ShuffleWritten);

    /// <summary>Signalled when the executor is lost, ending the waits of its tasks.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Why it was lost; null while it is not.</summary>
    public string? LostReason { get; private set; }

    public void Lose(string reason)
    {
        LostReason = reason;
        _lost.Cancel();
    }

    public void Dispose() => _lost.Dispose();
}
