using System.Collections.Immutable;

namespace Sluice.Cluster.Membership;

/// <summary>The executors the driver holds, written by its actor and read by the scheduler, with an event for each change.</summary>
internal sealed class ExecutorRoster
{
    private ImmutableList<ExecutorInfo> _executors = [];
    private volatile bool _closed;

    public event Action<ExecutorInfo>? Registered;

    public event Action<ExecutorInfo, string>? Lost;

    public event Action<string>? Refused;

    public IReadOnlyList<ExecutorInfo> Executors => _executors;

    public void Add(ExecutorInfo executor)
    {
        ImmutableInterlocked.Update(ref _executors, list => list.Add(executor));
        Registered?.Invoke(executor);
    }

    /// <summary>The driver is leaving: executors that go with it are not lost.</summary>
    public void Close() => _closed = true;

    public void Lose(ExecutorInfo executor, string reason)
    {
        if (_closed)
        {
            return;
        }

        ImmutableInterlocked.Update(ref _executors, list => list.Remove(executor));
        Lost?.Invoke(executor, reason);
    }

    public void Refuse(string reason) => Refused?.Invoke(reason);
}
