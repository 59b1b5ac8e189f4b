using Sluice.Streams;

namespace Sluice.Checkpointing;

/// <summary>
/// What a replayable input read per batch (file names, block numbers), kept as far back as a recovery may run a
/// batch again, for the metadata checkpoint and for replaying those batches after <c>GetOrCreate</c>.
/// </summary>
internal sealed class RecordedPositions(DStream input)
{
    private readonly SortedDictionary<DateTimeOffset, string[]> _batches = [];
    private TimeSpan? _replayHorizon;

    /// <summary>
    /// How far back a recovery may run batches again: the longest checkpoint interval of the graph's stateful
    /// operators plus their remember duration and slide (a save takes the oldest version kept, at most that much
    /// older than its batch), plus what the input's readers keep before it (its remember duration, which covers windows),
    /// plus one batch.
    /// </summary>
    public TimeSpan ReplayHorizon
        => _replayHorizon ??= input.Context.Graph.Operators.Where(op => op.NeedsCheckpoint).Select(op => op.CheckpointInterval + op.RememberDuration + op.SlideDuration).DefaultIfEmpty(TimeSpan.Zero).Max()
            + input.RememberDuration + input.SlideDuration;

    public IReadOnlyList<SourcePosition> ToList()
    {
        lock (_batches)
        {
            return [.. _batches.Select(batch => new SourcePosition(input.Identity, batch.Key, batch.Value))];
        }
    }

    /// <summary>The positions a recovered batch reads again, if it is one.</summary>
    public bool TryGet(DateTimeOffset time, out string[] positions)
    {
        lock (_batches)
        {
            return _batches.TryGetValue(time, out positions!);
        }
    }

    /// <summary>Records a batch's positions and forgets those older than <paramref name="kept"/> before it.</summary>
    /// <returns>Every position still recorded, oldest batch first.</returns>
    public IReadOnlyList<string> Record(DateTimeOffset time, string[] positions, TimeSpan kept)
    {
        lock (_batches)
        {
            _batches[time] = positions;
            foreach (var old in _batches.Keys.Where(batch => batch <= time - kept).ToList())
            {
                _batches.Remove(old);
            }

            return [.. _batches.Values.SelectMany(batch => batch)];
        }
    }

    /// <summary>Sets the positions of recovered batches.</summary>
    public void Restore(IEnumerable<(DateTimeOffset Time, string[] Positions)> batches)
    {
        lock (_batches)
        {
            foreach (var (time, positions) in batches)
            {
                _batches[time] = positions;
            }
        }
    }
}
