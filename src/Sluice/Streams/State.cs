using Sluice.Datasets;
namespace Sluice.Streams;

/// <summary>
/// A key's state inside a <see cref="PairDStreamExtensions.MapWithState{TKey, TValue, TState, TMapped}"/> function,
/// as Spark's <c>State</c>: read it, update it or remove it. The object is reused between calls; do not keep it.
/// </summary>
/// <typeparam name="TState">The state type.</typeparam>
public sealed class State<TState>
{
    private TState? _value;

    internal State()
    {
    }

    /// <summary>Whether the key has a state.</summary>
    public bool Exists { get; private set; }

    /// <summary>Whether the key is timing out: the function is called one last time without a value, and the state is removed after it.</summary>
    public bool IsTimingOut { get; private set; }

    internal bool IsUpdated { get; private set; }

    internal bool IsRemoved { get; private set; }

    /// <summary>The state.</summary>
    /// <exception cref="InvalidOperationException">The key has no state.</exception>
    public TState Get()
        => Exists ? _value! : throw new InvalidOperationException("The state is not set: check Exists first, or use GetOption().");

    /// <summary>The state, or None when the key has none.</summary>
    public Optional<TState> GetOption() => Exists ? new Optional<TState>(_value!) : Optional<TState>.None;

    /// <summary>Sets the key's state.</summary>
    /// <param name="state">The new state.</param>
    /// <exception cref="InvalidOperationException">The state was removed in this call, or the key is timing out.</exception>
    public void Update(TState state)
    {
        if (IsRemoved)
        {
            throw new InvalidOperationException("Cannot update the state after it has been removed.");
        }

        if (IsTimingOut)
        {
            throw new InvalidOperationException("Cannot update the state of a key that is timing out; it is removed after this call.");
        }

        _value = state;
        Exists = true;
        IsUpdated = true;
    }

    /// <summary>Removes the key's state.</summary>
    /// <exception cref="InvalidOperationException">The state was already removed, or the key is timing out (it is removed anyway).</exception>
    public void Remove()
    {
        if (IsTimingOut)
        {
            throw new InvalidOperationException("Cannot remove the state of a key that is timing out; it is removed after this call.");
        }

        if (IsRemoved)
        {
            throw new InvalidOperationException("Cannot remove the state: it has already been removed.");
        }

        _value = default;
        Exists = false;
        IsUpdated = false;
        IsRemoved = true;
    }

    /// <inheritdoc/>
    public override string ToString() => Exists ? $"State({_value})" : "State(none)";

    internal void Reset(bool exists, TState? value, bool timingOut)
    {
        _value = value;
        Exists = exists;
        IsTimingOut = timingOut;
        IsUpdated = false;
        IsRemoved = false;
    }
}
