using System.Collections.Immutable;

namespace Sluice.Cluster.Membership;

/// <summary>The executors the driver holds, written by its actor and read by the scheduler, with an event for each change.</summary>
internal sealed class ExecutorRoster
{
    private ImmutableList<ExecutorInfo> _executors = [];

    public event Action<ExecutorInfo>? Registered;

    public event Action<ExecutorInfo, string>? Lost;

    public event Action<string>? Refused;

    public IReadOnlyList<ExecutorInfo> Executors => _executors;

    public void Add(ExecutorInfo executor)
    {
        ImmutableInterlocked.Update(ref _executors, list => list.Add(executor));
        Registered?.Invoke(executor);
    }

    public void Lose(ExecutorInfo executor, string reason)
    {
        ImmutableInterlocked.Update(ref _executors, list => list.Remove(executor));
        Lost?.Invoke(executor, reason);
    }

    public void Refuse(string reason) => Refused?.Invoke(reason);
}
