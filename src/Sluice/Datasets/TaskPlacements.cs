using System.Collections.Concurrent;

namespace Sluice.Datasets;

/// <summary>
/// Where the tasks of the jobs one output operation started ran, as tasks per executor: collected for the thread that
/// runs the operation (the jobs it starts run on that thread), for the batch page's "where its tasks ran".
/// </summary>
internal sealed class TaskPlacements
{
    [ThreadStatic]
    private static TaskPlacements? t_current;

    private readonly ConcurrentDictionary<string, int> _byExecutor = new(StringComparer.Ordinal);

    /// <summary>The collection of the operation running on this thread; null when none is being collected.</summary>
    public static TaskPlacements? Current => t_current;

    /// <summary>Starts collecting for the operation this thread runs next.</summary>
    public static TaskPlacements Begin() => t_current = new TaskPlacements();

    /// <summary>Stops collecting on this thread.</summary>
    public static void End() => t_current = null;

    /// <summary>Counts a task that succeeded on <paramref name="executorId"/>.</summary>
    public void Add(string executorId) => _byExecutor.AddOrUpdate(executorId, 1, static (_, count) => count + 1);

    /// <summary>Tasks per executor, by executor id.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => new SortedDictionary<string, int>(_byExecutor, StringComparer.Ordinal);
}
