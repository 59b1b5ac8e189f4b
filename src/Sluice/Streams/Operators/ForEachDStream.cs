using Microsoft.Extensions.Logging;
using Sluice.Datasets;

namespace Sluice.Streams.Operators;

/// <summary>An output operation: for every batch with a dataset, a job that runs <c>output</c> on it.</summary>
internal sealed class ForEachDStream<T> : DStream
{
    /// <summary>How many times a batch's datasets are built again when the state they read was lost with an executor.</summary>
    private const int MaxRebuilds = 2;

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
        return rdd is null ? null : new StreamingJob(time, _outputOperationId, Kind, Identity, () => Run(rdd, time));
    }

    private void Run(Rdd<T> rdd, DateTimeOffset time)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _output(rdd, time);
                return;
            }
            catch (Exception error) when (attempt <= MaxRebuilds && Context.SluiceContext.Remote is not null && StateLost(error) is { } lost)
            {
                // Built before an executor holding state was lost, the datasets link to a version that is gone: built
                // now, they link back to one still held or saved (the inputs keep the batch's data).
                StateLog.RebuildingBatch(Context.LoggerFactoryFor<ForEachDStream<T>>(), time, Kind, lost.Message, attempt);
                _parent.ForgetBatch(time);
                if (_parent.GetOrCompute(time) is not { } rebuilt)
                {
                    return;
                }

                rdd = rebuilt;
            }
        }
    }

    private static StateVersionLostException? StateLost(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is StateVersionLostException lost)
            {
                return lost;
            }
        }

        return null;
    }
}
