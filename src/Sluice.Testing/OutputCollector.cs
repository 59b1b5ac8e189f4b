using System.Collections.Concurrent;

namespace Sluice.Testing;

/// <summary>The records a stream produced, batch by batch, as collected by <see cref="StreamingTestContext.Collect{T}"/>.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class OutputCollector<T>
{
    private readonly ConcurrentDictionary<DateTimeOffset, T[]> _batches = new();

    /// <summary>Each batch's records, in batch time order; batches where the stream produced no dataset are absent.</summary>
    public IReadOnlyList<T[]> Batches => [.. _batches.OrderBy(pair => pair.Key).Select(pair => pair.Value)];

    /// <summary>Each batch's time and records, in batch time order.</summary>
    public IReadOnlyList<(DateTimeOffset Time, T[] Records)> ByTime => [.. _batches.OrderBy(pair => pair.Key).Select(pair => (pair.Key, pair.Value))];

    /// <summary>Every record of every batch, in batch order.</summary>
    public IReadOnlyList<T> All => [.. Batches.SelectMany(batch => batch)];

    internal void Add(DateTimeOffset time, T[] records) => _batches[time] = records;
}
