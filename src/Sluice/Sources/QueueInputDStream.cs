using System.Collections.Concurrent;
using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.Sources;

/// <summary>
/// An input stream fed by a queue of datasets, as Spark's <c>queueStream</c>: each batch takes the next dataset
/// (or all queued ones), or the default when the queue is empty. For tests and demos; the queue is not
/// checkpointed, so its data does not survive a restart.
/// </summary>
internal sealed class QueueInputDStream<T> : DStream<T>
{
    private readonly ConcurrentQueue<Rdd<T>> _queue;
    private readonly bool _oneAtATime;
    private readonly Rdd<T>? _defaultRdd;

    public QueueInputDStream(StreamingContext context, ConcurrentQueue<Rdd<T>> queue, bool oneAtATime, Rdd<T>? defaultRdd)
        : base(context, "queueStream")
    {
        _queue = queue;
        _oneAtATime = oneAtATime;
        _defaultRdd = defaultRdd;
        context.Graph.AddInput(this);
    }

    public override TimeSpan SlideDuration => Context.BatchInterval;

    internal override IReadOnlyList<DStream> Dependencies => [];

    internal override Rdd<T>? Compute(DateTimeOffset time)
    {
        if (_oneAtATime)
        {
            return _queue.TryDequeue(out var next) ? next : Default();
        }

        var all = new List<Rdd<T>>();
        while (_queue.TryDequeue(out var next))
        {
            all.Add(next);
        }

        return all.Count > 0 ? Context.SluiceContext.Union(all) : Default();
    }

    private Rdd<T> Default() => _defaultRdd ?? Context.SluiceContext.EmptyRdd<T>();
}
