namespace Sluice.Datasets.Operators;

/// <summary>
/// The push side of a pipelined task: a narrow operator receives each record from its parent and passes results
/// on to the next sink. One virtual call per operator and record, where pulling through enumerators costs two
/// interface calls (MoveNext and Current); used where records end in an aggregation (map-side combining).
/// </summary>
internal abstract class RecordSink<T>
{
    public abstract void Push(T record);
}
