using Sluice.Datasets;
using Sluice.Streams.Operators;

namespace Sluice.Streams;

public static partial class PairDStreamExtensions
{
    /// <summary>
    /// Keeps a state per key across batches: every batch, <paramref name="update"/> gets each key's new values
    /// (possibly none) and previous state (possibly None) and returns the new state, or None to remove the key. The
    /// stream is the whole state after each batch. Needs a checkpoint directory.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="update">Called for every key in the state or in the batch.</param>
    /// <param name="partitions">The number of state partitions; the default parallelism when omitted.</param>
    /// <param name="initialState">The state before the first batch.</param>
    public static DStream<(TKey, TState)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey, TValue)> source, Func<IReadOnlyList<TValue>, Optional<TState>, Optional<TState>> update, int? partitions = null, Rdd<(TKey, TState)>? initialState = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.UpdateStateByKey(update, StatePartitioner(source, partitions), initialState);
    }

    /// <summary>UpdateStateByKey into the given partitioning.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="update">Called for every key in the state or in the batch.</param>
    /// <param name="partitioner">Where each key's state lives.</param>
    /// <param name="initialState">The state before the first batch.</param>
    public static DStream<(TKey, TState)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey, TValue)> source, Func<IReadOnlyList<TValue>, Optional<TState>, Optional<TState>> update, Partitioner partitioner, Rdd<(TKey, TState)>? initialState = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(update);
        return source.UpdateStateByKey((_, key, values, state) => update(values, state), partitioner, initialState);
    }

    /// <summary>UpdateStateByKey whose function also gets the batch time and the key.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="update">Gets the batch time, the key, its new values and its previous state; returns the new state or None.</param>
    /// <param name="partitions">The number of state partitions; the default parallelism when omitted.</param>
    /// <param name="initialState">The state before the first batch.</param>
    public static DStream<(TKey, TState)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey, TValue)> source,
        Func<DateTimeOffset, TKey, IReadOnlyList<TValue>, Optional<TState>, Optional<TState>> update,
        int? partitions = null,
        Rdd<(TKey, TState)>? initialState = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.UpdateStateByKey(update, StatePartitioner(source, partitions), initialState);
    }

    /// <summary>UpdateStateByKey whose function also gets the batch time and the key, into the given partitioning.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="update">Gets the batch time, the key, its new values and its previous state; returns the new state or None.</param>
    /// <param name="partitioner">Where each key's state lives.</param>
    /// <param name="initialState">The state before the first batch.</param>
    public static DStream<(TKey, TState)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey, TValue)> source,
        Func<DateTimeOffset, TKey, IReadOnlyList<TValue>, Optional<TState>, Optional<TState>> update,
        Partitioner partitioner,
        Rdd<(TKey, TState)>? initialState = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(update);
        return source.UpdateStateByKey(
            (time, items) => items.Select(item => (item.Key, New: update(time, item.Key, item.Values, item.State)))
                .Where(static item => item.New.HasValue)
                .Select(static item => (item.Key, item.New.Value!)),
            partitioner,
            initialState);
    }

    /// <summary>
    /// UpdateStateByKey over a whole partition at once: <paramref name="update"/> gets the batch time and every key of
    /// the partition with its new values and previous state, and returns the partition's new state; keys it does
    /// not return are removed.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="update">Turns one partition's keys into its new state.</param>
    /// <param name="partitioner">Where each key's state lives.</param>
    /// <param name="initialState">The state before the first batch.</param>
    public static DStream<(TKey, TState)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey, TValue)> source,
        Func<DateTimeOffset, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Optional<TState> State)>, IEnumerable<(TKey, TState)>> update,
        Partitioner partitioner,
        Rdd<(TKey, TState)>? initialState = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(partitioner);
        return new StateDStream<TKey, TValue, TState>(source, update, partitioner, initialState);
    }

    /// <summary>
    /// Keeps a state per key across batches and maps each record with it: the specification's function is called
    /// for each record of a batch with its key's state, and for each key that timed out; only keys with data (or
    /// timing out) are touched, so a batch costs what its keys cost, not the size of the state. Unlike Spark,
    /// timeouts fire in the batch in which they fall due. Needs a checkpoint directory.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <typeparam name="TMapped">The type of what the function returns.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="spec">The function, initial state, partitioning and timeout (see <see cref="StateSpec"/>).</param>
    /// <returns>The records the function returned; <see cref="MapWithStateDStream{TKey, TValue, TState, TMapped}.StateSnapshots"/> gives the state.</returns>
    public static MapWithStateDStream<TKey, TValue, TState, TMapped> MapWithState<TKey, TValue, TState, TMapped>(
        this DStream<(TKey, TValue)> source, StateSpec<TKey, TValue, TState, TMapped> spec)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(spec);
        return new MapWithStateDStream<TKey, TValue, TState, TMapped>(source, spec);
    }
}
