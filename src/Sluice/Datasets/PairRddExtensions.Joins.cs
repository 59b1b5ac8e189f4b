using Sluice.Datasets.Operators;

namespace Sluice.Datasets;

public static partial class PairRddExtensions
{
    /// <summary>For each key in either dataset, all its values from this one and all from <paramref name="other"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This dataset's value type.</typeparam>
    /// <typeparam name="TOther">The other dataset's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">The pairs to group with.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, (IReadOnlyList<TValue>, IReadOnlyList<TOther>))> Cogroup<TKey, TValue, TOther>(
        this Rdd<(TKey, TValue)> source, Rdd<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(other);
        return new CogroupedRdd<TKey, TValue, TOther>(source, other, ResolvePartitioner(partitions, source, other));
    }

    /// <summary>The inner join: a pair for every combination of a key's values on both sides.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This dataset's value type.</typeparam>
    /// <typeparam name="TOther">The other dataset's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">The pairs to join with.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, (TValue, TOther))> Join<TKey, TValue, TOther>(this Rdd<(TKey, TValue)> source, Rdd<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => source.Cogroup(other, partitions).FlatMapValues(static groups =>
            from left in groups.Item1
            from right in groups.Item2
            select (left, right));

    /// <summary>The left outer join: every value of this dataset, with each match in <paramref name="other"/> or none.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This dataset's value type.</typeparam>
    /// <typeparam name="TOther">The other dataset's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">The pairs to join with.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, (TValue, Optional<TOther>))> LeftOuterJoin<TKey, TValue, TOther>(this Rdd<(TKey, TValue)> source, Rdd<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => source.Cogroup(other, partitions).FlatMapValues(static groups =>
            from left in groups.Item1
            from right in Optionals(groups.Item2)
            select (left, right));

    /// <summary>The right outer join: every value of <paramref name="other"/>, with each match in this dataset or none.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This dataset's value type.</typeparam>
    /// <typeparam name="TOther">The other dataset's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">The pairs to join with.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, (Optional<TValue>, TOther))> RightOuterJoin<TKey, TValue, TOther>(this Rdd<(TKey, TValue)> source, Rdd<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => source.Cogroup(other, partitions).FlatMapValues(static groups =>
            from left in Optionals(groups.Item1)
            from right in groups.Item2
            select (left, right));

    /// <summary>The full outer join: every value of either side, with each match on the other side or none.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This dataset's value type.</typeparam>
    /// <typeparam name="TOther">The other dataset's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">The pairs to join with.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, (Optional<TValue>, Optional<TOther>))> FullOuterJoin<TKey, TValue, TOther>(this Rdd<(TKey, TValue)> source, Rdd<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => source.Cogroup(other, partitions).FlatMapValues(static groups =>
            from left in Optionals(groups.Item1)
            from right in Optionals(groups.Item2)
            select (left, right));

    /// <summary>Each value as present, or a single absent value when there are none.</summary>
    private static IEnumerable<Optional<T>> Optionals<T>(IReadOnlyList<T> values)
        => values.Count == 0 ? [Optional<T>.None] : values.Select(static value => new Optional<T>(value));
}
