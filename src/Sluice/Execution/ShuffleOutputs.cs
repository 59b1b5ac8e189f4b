using System.Collections.Concurrent;

namespace Sluice.Execution;

/// <summary>
/// Which map outputs of each shuffle have been written, in whatever form a shuffle service keeps them: the
/// bookkeeping both local shuffle services share. A later write for a map partition (a retried task) replaces the
/// earlier one whole.
/// </summary>
/// <typeparam name="TOutput">One map task's output as the service keeps it.</typeparam>
internal sealed class ShuffleOutputs<TOutput>
    where TOutput : class
{
    private readonly ConcurrentDictionary<int, TOutput?[]> _outputs = new();

    public void Register(int shuffleId, int mapPartitions) => _outputs.TryAdd(shuffleId, new TOutput?[mapPartitions]);

    public void Write(int shuffleId, int mapPartition, TOutput output) => Volatile.Write(ref Outputs(shuffleId)[mapPartition], output);

    /// <summary>Every map task's output, in map partition order.</summary>
    /// <exception cref="InvalidOperationException">The shuffle is not registered, or a map output is missing.</exception>
    public IEnumerable<TOutput> Read(int shuffleId)
    {
        var outputs = Outputs(shuffleId);
        for (var map = 0; map < outputs.Length; map++)
        {
            yield return Volatile.Read(ref outputs[map])
                ?? throw new InvalidOperationException($"Shuffle {shuffleId} has no output for map partition {map}; its map stage must run first.");
        }
    }

    /// <summary>One map partition's output, or null when it is not there (not written, or the shuffle is unknown).</summary>
    public TOutput? TryGet(int shuffleId, int mapPartition)
        => _outputs.TryGetValue(shuffleId, out var outputs) && mapPartition < outputs.Length ? Volatile.Read(ref outputs[mapPartition]) : null;

    /// <summary>The map partitions with no output written.</summary>
    public IReadOnlyList<int> Missing(int shuffleId)
    {
        var outputs = Outputs(shuffleId);
        return [.. Enumerable.Range(0, outputs.Length).Where(map => Volatile.Read(ref outputs[map]) is null)];
    }

    /// <summary>Every map partition's output, in map partition order; null where none is.</summary>
    public TOutput?[] Snapshot(int shuffleId) => [.. Outputs(shuffleId)];

    public int MapPartitions(int shuffleId) => Outputs(shuffleId).Length;

    /// <summary>Forgets every output, of every shuffle, that <paramref name="match"/> picks.</summary>
    public void RemoveWhere(Func<TOutput, bool> match)
    {
        foreach (var outputs in _outputs.Values)
        {
            for (var map = 0; map < outputs.Length; map++)
            {
                if (Volatile.Read(ref outputs[map]) is { } output && match(output))
                {
                    Interlocked.CompareExchange(ref outputs[map], null, output);
                }
            }
        }
    }

    /// <summary>Every output held, of every shuffle.</summary>
    public IEnumerable<TOutput> All()
        => _outputs.Values.SelectMany(outputs => outputs).Where(output => output is not null).Select(output => output!);

    public void Remove(int shuffleId) => _outputs.TryRemove(shuffleId, out _);

    public void Clear() => _outputs.Clear();

    private TOutput?[] Outputs(int shuffleId)
        => _outputs.TryGetValue(shuffleId, out var outputs)
            ? outputs
            : throw new InvalidOperationException($"Shuffle {shuffleId} is not registered (or was cleaned up).");
}
