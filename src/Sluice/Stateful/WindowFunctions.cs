namespace Sluice.Stateful;

/// <summary>The functions of an incremental ReduceByKeyAndWindow.</summary>
internal sealed record WindowFunctions<TKey, TValue>(
    Func<TValue, TValue, TValue> Reduce,
    Func<TValue, TValue, TValue> Inverse,
    Func<(TKey Key, TValue Value), bool>? Filter);
