namespace Sluice.Stateful;

/// <summary>
/// One partition of a stateful operator's state, in versions by batch time: a base dictionary (the oldest version
/// kept) and a delta per later batch. A batch reads the previous version and commits a delta, so its cost follows
/// the keys it touches, not the state's size; a retried task commits the same delta again. Versions nobody reads
/// any more are folded into the base in place, so no batch ever copies the whole state.
/// </summary>
/// <remarks>Readers hold the read lock for a whole task; folding takes the write lock between batches.</remarks>
internal sealed class StateTable<TKey, TState>
    where TKey : notnull
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);
    private readonly Dictionary<TKey, StateEntry<TState>> _base = [];
    private readonly SortedList<long, StateDelta<TKey, TState>> _deltas = [];

    // Keys that had data at a folded batch time, for timeouts: the candidates to time out later.
    private readonly SortedDictionary<long, List<TKey>> _dataAt = [];
    private long? _baseTime;
    private int _pins;

    // The fold a pin held off, (time, idleHandledBefore), done when the last pin goes.
    private (long Time, long IdleHandledBefore)? _heldOffFold;

    /// <summary>Whether the table tracks when keys had data, for timeouts.</summary>
    public bool TracksIdleKeys { get; init; }

    /// <summary>The oldest version kept, the one the base holds; none before the first batch.</summary>
    public long? BaseVersion
    {
        get
        {
            using var _ = Read();
            return _baseTime;
        }
    }

    public IDisposable Read()
    {
        _lock.EnterReadLock();
        return new ReadRelease(_lock);
    }

    public bool HasVersion(long time)
    {
        using var _ = Read();
        return _baseTime == time || _deltas.ContainsKey(time);
    }

    /// <summary>Makes <paramref name="entries"/> the state at <paramref name="time"/>, the first version.</summary>
    public void Initialize(long time, IEnumerable<(TKey Key, TState State)> entries)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_baseTime is not null)
            {
                return; // a retried task: already initialized
            }

            foreach (var (key, state) in entries)
            {
                _base[key] = new StateEntry<TState>(state, time);
            }

            if (TracksIdleKeys && _base.Count > 0)
            {
                _dataAt[time] = [.. _base.Keys];
            }

            _baseTime = time;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Replaces an empty table's content with <paramref name="entries"/>, the state at <paramref name="time"/> read from a checkpoint.</summary>
    /// <exception cref="InvalidOperationException">The table already holds state.</exception>
    public void Restore(long time, IEnumerable<(TKey Key, StateEntry<TState> Entry)> entries)
    {
        if (!RestoreIfEmpty(time, () => entries))
        {
            throw new InvalidOperationException("State can be restored only into an empty table, before the first batch.");
        }
    }

    /// <summary>
    /// As <see cref="Restore"/> when the table is empty; false, reading nothing, when it holds state already (two
    /// tasks of one batch restoring the same partition on an executor: the second finds the first's).
    /// </summary>
    public bool RestoreIfEmpty(long time, Func<IEnumerable<(TKey Key, StateEntry<TState> Entry)>> entries)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_baseTime is not null)
            {
                return false;
            }

            foreach (var (key, entry) in entries())
            {
                _base[key] = entry;
                if (TracksIdleKeys)
                {
                    if (!_dataAt.TryGetValue(entry.LastDataTicks, out var keys))
                    {
                        _dataAt[entry.LastDataTicks] = keys = [];
                    }

                    keys.Add(key);
                }
            }

            _baseTime = time;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The key's entry in the version of <paramref name="time"/>. Call under <see cref="Read"/>.</summary>
    public bool TryGet(long time, TKey key, out StateEntry<TState> entry)
    {
        for (var i = IndexAtOrBefore(time); i >= 0; i--)
        {
            var delta = _deltas.Values[i];
            if (delta.Updated.TryGetValue(key, out entry))
            {
                return true;
            }

            if (delta.Removed.Contains(key))
            {
                return false;
            }
        }

        return _base.TryGetValue(key, out entry);
    }

    /// <summary>What batch <paramref name="time"/> emitted with its delta.</summary>
    /// <exception cref="InvalidOperationException">The version is no longer kept as a delta.</exception>
    public object? OutputOf(long time)
    {
        using var _ = Read();
        return _deltas.TryGetValue(time, out var delta)
            ? delta.Output
            : throw new InvalidOperationException($"The output of batch {new DateTimeOffset(time, TimeSpan.Zero):O} is no longer kept.");
    }

    /// <summary>
    /// Keeps every version from now on readable, by holding off folding, until <see cref="Unpin"/>: a checkpoint
    /// saves a version off the batch threads without copying the state first.
    /// </summary>
    public void Pin() => Interlocked.Increment(ref _pins);

    /// <summary>Releases a <see cref="Pin"/>; the last one does the fold the pins held off, so the base does not stay behind until the next batch.</summary>
    public void Unpin()
    {
        if (Interlocked.Decrement(ref _pins) == 0)
        {
            FoldUpTo(long.MinValue, long.MinValue); // folds only what was held off, if anything
        }
    }

    /// <summary>
    /// Visits every entry of the version of <paramref name="time"/> without copying the state. The table must be
    /// pinned since before that version could be folded: the base is then read without a lock, as nothing changes it.
    /// </summary>
    public void VisitPinned<TVisitor>(long time, ref TVisitor visitor)
        where TVisitor : struct, IStateEntryVisitor<TKey, TState>
    {
        if (Volatile.Read(ref _pins) == 0)
        {
            throw new InvalidOperationException("VisitPinned needs the table pinned.");
        }

        Dictionary<TKey, StateEntry<TState>?> changed;
        using (Read())
        {
            changed = ChangedUpTo(time);
        }

        Visit(changed, ref visitor);
    }

    /// <summary>Every entry of the version of <paramref name="time"/>.</summary>
    public List<(TKey Key, StateEntry<TState> Entry)> Snapshot(long time)
    {
        using var _ = Read();
        var changed = ChangedUpTo(time);
        var all = new Collector(new List<(TKey, StateEntry<TState>)>(_base.Count + changed.Count));
        Visit(changed, ref all);
        return all.Entries;
    }

    /// <summary>
    /// Keys whose last data was at or before <paramref name="idleSince"/> in the version of <paramref name="time"/>,
    /// with their entries: the keys that time out. Costs what the keys that had data back then cost, not the state size.
    /// </summary>
    public List<(TKey Key, StateEntry<TState> Entry)> IdleKeys(long time, long idleSince)
    {
        using var _ = Read();
        var idle = new List<(TKey, StateEntry<TState>)>();
        var seen = new HashSet<TKey>();
        void Consider(TKey key)
        {
            if (seen.Add(key) && TryGet(time, key, out var entry) && entry.LastDataTicks <= idleSince)
            {
                idle.Add((key, entry));
            }
        }

        foreach (var (at, keys) in _dataAt)
        {
            if (at > idleSince)
            {
                break;
            }

            keys.ForEach(Consider);
        }

        for (var i = 0; i < _deltas.Count && _deltas.Keys[i] <= Math.Min(time, idleSince); i++)
        {
            foreach (var (key, entry) in _deltas.Values[i].Updated)
            {
                if (entry.LastDataTicks == _deltas.Keys[i])
                {
                    Consider(key);
                }
            }
        }

        return idle;
    }

    /// <summary>Records the delta of batch <paramref name="time"/>, over the version of <paramref name="previous"/>.</summary>
    /// <exception cref="InvalidOperationException">The previous version is not the newest one kept.</exception>
    public void Commit(long previous, long time, StateDelta<TKey, TState> delta)
    {
        _lock.EnterWriteLock();
        try
        {
            var before = IndexAtOrBefore(time - 1);
            var newest = before >= 0 ? _deltas.Keys[before] : _baseTime;
            if (newest != previous)
            {
                throw new InvalidOperationException(
                    $"State for batch {new DateTimeOffset(time, TimeSpan.Zero):O} was computed from the version of {new DateTimeOffset(previous, TimeSpan.Zero):O}, but the newest version kept is {(newest is { } n ? new DateTimeOffset(n, TimeSpan.Zero).ToString("O") : "none")}.");
            }

            _deltas[time] = delta; // a retry replaces its own earlier commit
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Folds every version up to <paramref name="time"/> into the base, in place; afterwards only versions from
    /// <paramref name="time"/> on can be read. Idle-key records older than <paramref name="idleHandledBefore"/> are dropped.
    /// </summary>
    public void FoldUpTo(long time, long idleHandledBefore)
    {
        _lock.EnterWriteLock();
        try
        {
            if (Volatile.Read(ref _pins) > 0)
            {
                // A checkpoint is reading the base: the last Unpin folds, or the next batch's fold if it comes first.
                _heldOffFold = _heldOffFold is { } earlier && earlier.Time > time ? earlier : (time, idleHandledBefore);
                return;
            }

            if (_heldOffFold is { } heldOff && heldOff.Time > time)
            {
                (time, idleHandledBefore) = heldOff;
            }

            _heldOffFold = null;

            while (_deltas.Count > 0 && _deltas.Keys[0] <= time)
            {
                var at = _deltas.Keys[0];
                var delta = _deltas.Values[0];
                _deltas.RemoveAt(0);
                foreach (var key in delta.Removed)
                {
                    _base.Remove(key);
                }

                List<TKey>? hadData = TracksIdleKeys ? [] : null;
                foreach (var (key, entry) in delta.Updated)
                {
                    _base[key] = entry;
                    if (entry.LastDataTicks == at)
                    {
                        hadData?.Add(key);
                    }
                }

                if (hadData is { Count: > 0 })
                {
                    _dataAt[at] = hadData;
                }

                _baseTime = at;
            }

            while (_dataAt.Count > 0 && _dataAt.First().Key < idleHandledBefore)
            {
                _dataAt.Remove(_dataAt.First().Key);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The base's entries the deltas did not change, then the deltas' entries that are not removals.</summary>
    private void Visit<TVisitor>(Dictionary<TKey, StateEntry<TState>?> changed, ref TVisitor visitor)
        where TVisitor : struct, IStateEntryVisitor<TKey, TState>
    {
        foreach (var (key, entry) in _base)
        {
            if (changed.Count == 0 || !changed.ContainsKey(key))
            {
                visitor.Visit(key, entry);
            }
        }

        foreach (var (key, entry) in changed)
        {
            if (entry is { } present)
            {
                visitor.Visit(key, present);
            }
        }
    }

    /// <summary>The keys the deltas up to <paramref name="time"/> changed, with their newest entry (null: removed). Call under <see cref="Read"/>.</summary>
    private Dictionary<TKey, StateEntry<TState>?> ChangedUpTo(long time)
    {
        var newest = IndexAtOrBefore(time);
        var capacity = 0;
        for (var i = newest; i >= 0; i--)
        {
            capacity += _deltas.Values[i].Updated.Count + _deltas.Values[i].Removed.Count;
        }

        var changed = new Dictionary<TKey, StateEntry<TState>?>(capacity); // sized once: growing rehashes every key again
        for (var i = newest; i >= 0; i--)
        {
            var delta = _deltas.Values[i];
            foreach (var (key, entry) in delta.Updated)
            {
                changed.TryAdd(key, entry);
            }

            foreach (var key in delta.Removed)
            {
                changed.TryAdd(key, null);
            }
        }

        return changed;
    }

    private int IndexAtOrBefore(long time)
    {
        var index = _deltas.Count - 1;
        while (index >= 0 && _deltas.Keys[index] > time)
        {
            index--;
        }

        return index;
    }

    private readonly struct Collector(List<(TKey Key, StateEntry<TState> Entry)> entries) : IStateEntryVisitor<TKey, TState>
    {
        public List<(TKey Key, StateEntry<TState> Entry)> Entries => entries;

        public void Visit(TKey key, StateEntry<TState> entry) => entries.Add((key, entry));
    }

    private sealed class ReadRelease(ReaderWriterLockSlim gate) : IDisposable
    {
        public void Dispose() => gate.ExitReadLock();
    }
}
