using Sluice.Datasets;

namespace Sluice.Streams;

/// <summary>
/// How a <see cref="PairDStreamExtensions.MapWithState{TKey, TValue, TState, TMapped}"/> operation keeps state:
/// the function, the initial state, the partitioning and the idle timeout. Create one with <see cref="StateSpec"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TState">The state type.</typeparam>
/// <typeparam name="TMapped">The type of what the function returns.</typeparam>
public sealed class StateSpec<TKey, TValue, TState, TMapped>
    where TKey : notnull
{
    internal StateSpec(Func<DateTimeOffset, TKey, Optional<TValue>, State<TState>, Optional<TMapped>> function) => Function = function;

    internal Func<DateTimeOffset, TKey, Optional<TValue>, State<TState>, Optional<TMapped>> Function { get; }

    internal Rdd<(TKey, TState)>? Initial { get; private set; }

    internal int? Partitions { get; private set; }

    internal Partitioner? PartitionerToUse { get; private set; }

    internal TimeSpan? IdleTimeout { get; private set; }

    /// <summary>The state of each key before the first batch.</summary>
    /// <param name="state">One record per key.</param>
    /// <returns>This specification.</returns>
    public StateSpec<TKey, TValue, TState, TMapped> InitialState(Rdd<(TKey, TState)> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Initial = state;
        return this;
    }

    /// <summary>Spreads the state over <paramref name="partitions"/> hash partitions (the default parallelism otherwise).</summary>
    /// <param name="partitions">A positive number.</param>
    /// <returns>This specification.</returns>
    public StateSpec<TKey, TValue, TState, TMapped> NumPartitions(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        Partitions = partitions;
        PartitionerToUse = null;
        return this;
    }

    /// <summary>Spreads the state with <paramref name="partitioner"/>.</summary>
    /// <param name="partitioner">Where each key's state lives.</param>
    /// <returns>This specification.</returns>
    public StateSpec<TKey, TValue, TState, TMapped> Partitioner(Partitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        PartitionerToUse = partitioner;
        Partitions = null;
        return this;
    }

    /// <summary>
    /// Removes the state of keys that had no data for <paramref name="idle"/>: in the first batch at least
    /// <paramref name="idle"/> after the key's last data, the function is called once more with no value and
    /// <see cref="State{TState}.IsTimingOut"/> true, then the state is removed.
    /// </summary>
    /// <param name="idle">A positive duration.</param>
    /// <returns>This specification.</returns>
    public StateSpec<TKey, TValue, TState, TMapped> Timeout(TimeSpan idle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        IdleTimeout = idle;
        return this;
    }

    internal Partitioner ResolvePartitioner(SluiceContext context)
        => PartitionerToUse ?? new HashPartitioner(Partitions ?? context.DefaultParallelism);
}
