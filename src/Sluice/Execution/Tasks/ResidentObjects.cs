using System.Collections.Concurrent;

namespace Sluice.Execution.Tasks;

/// <summary>The resident objects of one process, by name, for the tasks that name them.</summary>
/// <param name="missing">What to say of a name this process does not have; by default, that an executor must run the same application.</param>
internal sealed class ResidentObjects(Func<string, string>? missing = null)
{
    private readonly ConcurrentDictionary<string, IResident> _byName = new(StringComparer.Ordinal);

    public void Register(IResident resident) => _byName[resident.ResidentName] = resident;

    /// <exception cref="TaskFormatException">This process has no object of that name.</exception>
    public IResident Resolve(string name)
        => _byName.TryGetValue(name, out var resident)
            ? resident
            : throw new TaskFormatException(missing?.Invoke(name)
                ?? $"The task names '{name}', which this process does not have. An executor must build the same streams and contexts as the driver: run the same application build with the same arguments.");
}
