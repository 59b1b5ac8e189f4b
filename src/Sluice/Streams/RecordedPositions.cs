using System.Text.Json;
using Sluice.Checkpointing;

namespace Sluice.Streams;

/// <summary>
/// What a replayable input read per batch, as its typed positions (file names, blocks, offset ranges), kept as far
/// back as a recovery may run a batch again, for the metadata checkpoint (written as JSON with
/// <paramref name="json"/>) and for replaying those batches after <c>GetOrCreate</c>.
/// </summary>
/// <typeparam name="TPosition">What one partition of a batch reads.</typeparam>
internal sealed class RecordedPositions<TPosition>(DStream input, JsonSerializerOptions json)
{
    private readonly SortedDictionary<DateTimeOffset, TPosition[]> _batches = [];
    private TimeSpan? _replayHorizon;
    private DateTimeOffset _restoredUpTo = DateTimeOffset.MinValue;

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
            return [.. _batches.Select(batch => Recorded(batch.Key, batch.Value))];
        }
    }

    /// <summary>What the batch at <paramref name="time"/> read, as a checkpoint records it, if it is still recorded.</summary>
    public SourcePosition? Of(DateTimeOffset time)
    {
        lock (_batches)
        {
            return _batches.TryGetValue(time, out var positions)
                ? Recorded(time, positions)
                : null;
        }
    }

    /// <summary>The positions a recovered batch reads again, if it is one.</summary>
    public bool TryGet(DateTimeOffset time, out TPosition[] positions)
    {
        lock (_batches)
        {
            return _batches.TryGetValue(time, out positions!);
        }
    }

    /// <summary>
    /// The positions a batch run again after a recovery reads; null for a batch the input never read before, which
    /// reads the source anew.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch was read before the checkpoint, but its positions are no longer recorded: reading the source anew would give it other data.</exception>
    public TPosition[]? Replayed(DateTimeOffset time)
    {
        if (TryGet(time, out var positions))
        {
            return positions;
        }

        if (time <= _restoredUpTo)
        {
            throw new InvalidOperationException(
                $"{input.Identity}: batch {time:O} was read before the checkpoint, but what it read is no longer recorded, so it cannot be read again as it was. Recover from a checkpoint that has it, or start without the checkpoint.");
        }

        return null;
    }

    /// <summary>
    /// Records a batch's positions and forgets those older than <paramref name="kept"/> before it, unless a
    /// recovery from the durable checkpoints may still compute them again (<see cref="StreamingContext.ReplayFloor"/>),
    /// or they belong to batches not yet completed, which a checkpoint lists as pending.
    /// </summary>
    /// <returns>Every position still recorded, oldest batch first.</returns>
    public IReadOnlyList<TPosition> Record(DateTimeOffset time, TPosition[] positions, TimeSpan kept)
    {
        var forgetUpTo = time - kept;
        if (input.Context.ReplayFloor is { } floor && floor - input.RememberDuration - input.SlideDuration is var needed && needed < forgetUpTo)
        {
            // A state save failed, or the saved state is further back than usual: its recovery reads from there.
            forgetUpTo = needed;
        }

        if (input.Context.OldestUncompletedBatch is { } pending && pending - input.RememberDuration - input.SlideDuration is var stillNeeded && stillNeeded < forgetUpTo)
        {
            // Batches generated and queued behind a slow one are pending in the next checkpoint: a recovery from it
            // runs them again on their recorded positions, so they are kept until they complete.
            forgetUpTo = stillNeeded;
        }

        lock (_batches)
        {
            _batches[time] = positions;
            foreach (var old in _batches.Keys.Where(batch => batch <= forgetUpTo).ToList())
            {
                _batches.Remove(old);
            }

            return [.. _batches.Values.SelectMany(batch => batch)];
        }
    }

    /// <summary>
    /// Sets the positions of recovered batches, as the checkpoint recorded them; a batch up to the newest of them with
    /// none recorded was lost (see <see cref="Replayed"/>).
    /// </summary>
    /// <returns>The batches, oldest first, with their typed positions.</returns>
    /// <exception cref="CheckpointFormatException">A position is not one this input writes.</exception>
    public IReadOnlyList<(DateTimeOffset Time, TPosition[] Positions)> Restore(IEnumerable<SourcePosition> recorded)
    {
        var batches = recorded.OrderBy(batch => batch.BatchTime).Select(batch => (batch.BatchTime, batch.Positions.Select(Decode).ToArray())).ToList();
        Restore(batches);
        return batches;
    }

    /// <summary>Sets the positions of recovered batches; a batch up to the newest of them with none recorded was lost (see <see cref="Replayed"/>).</summary>
    public void Restore(IEnumerable<(DateTimeOffset Time, TPosition[] Positions)> batches)
    {
        lock (_batches)
        {
            foreach (var (time, positions) in batches)
            {
                _batches[time] = positions;
                _restoredUpTo = time > _restoredUpTo ? time : _restoredUpTo;
            }
        }
    }

    /// <summary>A batch's positions as a checkpoint records them: JSON, under the input's identity.</summary>
    private SourcePosition Recorded(DateTimeOffset time, TPosition[] positions)
        => new(input.Identity, time, [.. positions.Select(position => JsonSerializer.SerializeToElement(position, json))]);

    private TPosition Decode(JsonElement position)
    {
        try
        {
            return position.Deserialize<TPosition>(json) ?? throw new JsonException("null");
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or FormatException or InvalidOperationException)
        {
            throw new CheckpointFormatException($"{input.Identity}: the checkpoint records {position.GetRawText()} as a position, which is not a {typeof(TPosition).Name} ({error.Message}). The checkpoint was written by another application or version; start without it.", error);
        }
    }
}
