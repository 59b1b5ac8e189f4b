using System.Collections;

namespace Sluice.Datasets.Operators;

/// <summary>
/// Base of the pipelined per-record operators (map, filter, flatMap): an enumerable that is its own enumerator on
/// first use, as compiler-generated iterators are, without the iterator state machine. One task uses it on one
/// thread.
/// </summary>
internal abstract class RecordEnumerator<T> : IEnumerable<T>, IEnumerator<T>
{
    private bool _enumerated;

    public T Current { get; protected set; } = default!;

    object? IEnumerator.Current => Current;

    public abstract bool MoveNext();

    /// <summary>How many records a fresh enumeration yields, when that is known without enumerating; else -1.</summary>
    public virtual int KnownCount => -1;

    /// <summary>
    /// How many records <paramref name="records"/> holds, when that is known without enumerating them (a collection,
    /// or an operator over one that keeps the count); else -1. Lets a shuffle size its buckets once.
    /// </summary>
    public static int CountIfKnown(IEnumerable<T> records)
        => records.TryGetNonEnumeratedCount(out var count) ? count : records is RecordEnumerator<T> counted ? counted.KnownCount : -1;

    public IEnumerator<T> GetEnumerator()
    {
        if (_enumerated)
        {
            return Clone().GetEnumerator();
        }

        _enumerated = true;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Reset() => throw new NotSupportedException();

    public abstract void Dispose();

    /// <summary>A fresh, unstarted copy over a fresh enumeration of the same source.</summary>
    protected abstract RecordEnumerator<T> Clone();
}
