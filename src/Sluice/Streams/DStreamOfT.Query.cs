namespace Sluice.Streams;

public abstract partial class DStream<T>
{
    /// <summary>Query-syntax name for <see cref="Map{TResult}"/> (<c>select</c>).</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="selector">Applied to every record.</param>
    public DStream<TResult> Select<TResult>(Func<T, TResult> selector) => Map(selector);

    /// <summary>Query-syntax name for <see cref="Filter"/> (<c>where</c>).</summary>
    /// <param name="predicate">The test each kept record passes.</param>
    public DStream<T> Where(Func<T, bool> predicate) => Filter(predicate);

    /// <summary>Query-syntax name for <see cref="FlatMap{TResult}"/> (a second <c>from</c>).</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="selector">Returns the records for each input record.</param>
    public DStream<TResult> SelectMany<TResult>(Func<T, IEnumerable<TResult>> selector) => FlatMap(selector);

    /// <summary>The form of <c>SelectMany</c> the compiler uses for <c>from a in s from b in f(a) select g(a, b)</c>.</summary>
    /// <typeparam name="TCollection">The inner record type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="collectionSelector">Returns the inner records for each input record.</param>
    /// <param name="resultSelector">Combines an input record with each of its inner records.</param>
    public DStream<TResult> SelectMany<TCollection, TResult>(
        Func<T, IEnumerable<TCollection>> collectionSelector, Func<T, TCollection, TResult> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(collectionSelector);
        ArgumentNullException.ThrowIfNull(resultSelector);
        return FlatMap(record => collectionSelector(record).Select(inner => resultSelector(record, inner)));
    }
}
