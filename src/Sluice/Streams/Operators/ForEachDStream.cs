using Sluice.Datasets;

namespace Sluice.Streams.Operators;

/// <summary>An output operation: for every batch with a dataset, a job that runs <c>output</c> on it.</summary>
internal sealed class ForEachDStream<T> : DStream
{
    private readonly DStream<T> _parent;
    private readonly Action<Rdd<T>, DateTimeOffset> _output;
    private readonly int _outputOperationId;

    public ForEachDStream(DStream<T> parent, string kind, Action<Rdd<T>, DateTimeOffset> output)
        : base(parent.Context, kind)
    {
        _parent = parent;
        _output = output;
        _outputOperationId = Context.Graph.AddOutput(this);
    }

    public override TimeSpan SlideDuration => _parent.SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => [_parent];

    internal override void ClearMetadata(DateTimeOffset time)
    {
    }

    internal override StreamingJob? GenerateJob(DateTimeOffset time)
    {
        // The dataset is built now, on the generator loop (running Transform functions); the job only runs actions.
        var rdd = _parent.GetOrCompute(time);
        return rdd is null ? null : new StreamingJob(time, _outputOperationId, Kind, Identity, () => _output(rdd, time));
    }
}
