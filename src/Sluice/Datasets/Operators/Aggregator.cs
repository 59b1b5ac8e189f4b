namespace Sluice.Datasets.Operators;

/// <summary>How values of one key are combined: Spark's <c>createCombiner</c>, <c>mergeValue</c>, <c>mergeCombiners</c>.</summary>
internal sealed class Aggregator<TValue, TCombiner>(
    Func<TValue, TCombiner> createCombiner,
    Func<TCombiner, TValue, TCombiner> mergeValue,
    Func<TCombiner, TCombiner, TCombiner> mergeCombiners)
{
    public Func<TValue, TCombiner> CreateCombiner { get; } = createCombiner;

    public Func<TCombiner, TValue, TCombiner> MergeValue { get; } = mergeValue;

    public Func<TCombiner, TCombiner, TCombiner> MergeCombiners { get; } = mergeCombiners;
}
