namespace Sluice.Datasets.Operators;

/// <summary>
/// The push side of a pipelined task: a narrow operator receives each record from its parent and passes results
/// on to the next sink. One virtual call per operator and record, where pulling through enumerators costs two
/// interface calls (MoveNext and Current); used where records end in an aggregation (map-side combining).
/// </summary>
/// <remarks>
/// Sinks hold no exception handler. A method with one is never inlined, and its struct records stay in memory: a
/// handler per record in <see cref="MapSink{T, TResult}"/> made the word count's fold 15–20 % slower (ADR 0021).
/// The enumerators name the operator that threw; the push path leaves that to a replay through them
/// (<see cref="KeyedShuffleDependency{TKey, TValue, TCombiner}"/>).
/// </remarks>
internal abstract class RecordSink<T>
{
    public abstract void Push(T record);
}
