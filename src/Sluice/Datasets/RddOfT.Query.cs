namespace Sluice.Datasets;

public abstract partial class Rdd<T>
{
    /// <summary>Query-syntax name for <see cref="Map{TResult}"/> (<c>select</c>).</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="selector">Applied to every record.</param>
    public Rdd<TResult> Select<TResult>(Func<T, TResult> selector) => Map(selector);

    /// <summary>Query-syntax name for <see cref="Filter"/> (<c>where</c>).</summary>
    /// <param name="predicate">The test each kept record passes.</param>
    public Rdd<T> Where(Func<T, bool> predicate) => Filter(predicate);

    /// <summary>Query-syntax name for <see cref="FlatMap{TResult}"/> (a second <c>from</c>).</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="selector">Returns the records for each input record.</param>
    public Rdd<TResult> SelectMany<TResult>(Func<T, IEnumerable<TResult>> selector) => FlatMap(selector);

    /// <summary>The form of <c>SelectMany</c> the compiler uses for <c>from a in x from b in f(a) select g(a, b)</c>.</summary>
    /// <typeparam name="TCollection">The inner record type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="collectionSelector">Returns the inner records for each input record.</param>
    /// <param name="resultSelector">Combines an input record with each of its inner records.</param>
    public Rdd<TResult> SelectMany<TCollection, TResult>(
        Func<T, IEnumerable<TCollection>> collectionSelector, Func<T, TCollection, TResult> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(collectionSelector);
        ArgumentNullException.ThrowIfNull(resultSelector);
        return FlatMap(record => collectionSelector(record).Select(inner => resultSelector(record, inner)));
    }
}
