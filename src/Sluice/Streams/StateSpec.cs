using Sluice.Datasets;
namespace Sluice.Streams;

/// <summary>Creates the specification of a <see cref="PairDStreamExtensions.MapWithState{TKey, TValue, TState, TMapped}"/> operation, as Spark's <c>StateSpec.function</c>.</summary>
public static class StateSpec
{
    /// <summary>A specification calling <paramref name="function"/> for each record of a batch with its key's state.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <typeparam name="TMapped">The type of what the function returns.</typeparam>
    /// <param name="function">Gets the key, the value (None when the key times out) and the state; returns one record.</param>
    public static StateSpec<TKey, TValue, TState, TMapped> Function<TKey, TValue, TState, TMapped>(Func<TKey, Optional<TValue>, State<TState>, TMapped> function)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(function);
        return new((_, key, value, state) => new Optional<TMapped>(function(key, value, state)));
    }

    /// <summary>A specification calling <paramref name="function"/>, with the batch time, for each record of a batch with its key's state.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <typeparam name="TMapped">The type of what the function returns.</typeparam>
    /// <param name="function">Gets the batch time, the key, the value (None when the key times out) and the state; returns a record or None.</param>
    public static StateSpec<TKey, TValue, TState, TMapped> Function<TKey, TValue, TState, TMapped>(
        Func<DateTimeOffset, TKey, Optional<TValue>, State<TState>, Optional<TMapped>> function)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(function);
    }
}
