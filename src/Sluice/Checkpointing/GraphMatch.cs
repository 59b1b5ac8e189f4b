namespace Sluice.Checkpointing;

/// <summary>Checks that a restarted application built the graph its checkpoint was taken with.</summary>
internal static class GraphMatch
{
    /// <summary>
    /// Every operator that is not an output must be there with the same kind and record type; output operations may
    /// be added or removed, and function bodies may change (they are not saved).
    /// </summary>
    /// <exception cref="InvalidOperationException">Operators were added, removed or changed; each is listed.</exception>
    public static void Require(IReadOnlyList<CheckpointedOperator> saved, IReadOnlyList<CheckpointedOperator> built, string location)
    {
        var before = saved.Where(op => !op.IsOutput).ToDictionary(op => op.Identity, StringComparer.Ordinal);
        var now = built.Where(op => !op.IsOutput).ToDictionary(op => op.Identity, StringComparer.Ordinal);
        var problems = new List<string>();
        problems.AddRange(now.Keys.Where(id => !before.ContainsKey(id)).Select(id => $"added {id} ({now[id].Kind})"));
        problems.AddRange(before.Keys.Where(id => !now.ContainsKey(id)).Select(id => $"removed {id} ({before[id].Kind})"));
        foreach (var (id, op) in now)
        {
            if (before.TryGetValue(id, out var old) && (old.Kind != op.Kind || old.RecordType != op.RecordType))
            {
                problems.Add($"changed {id} from {old.Kind} of {old.RecordType} to {op.Kind} of {op.RecordType}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The streams defined now do not match the checkpoint in {location}: {string.Join("; ", problems)}. Operators are matched by identity (Name(...), else kind-id in creation order): keep the same operators, name them, or start without the checkpoint. Output operations may be added or removed.");
        }
    }
}
