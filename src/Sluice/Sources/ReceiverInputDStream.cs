using Sluice.Datasets;
using Sluice.Datasets.Operators;
using Sluice.RateControl;
using Sluice.Streams;

namespace Sluice.Sources;

/// <summary>An input stream fed by a receiver: each batch is the blocks the receiver stored since the previous batch.</summary>
internal sealed class ReceiverInputDStream<T> : DStream<T>
{
    public ReceiverInputDStream(StreamingContext context, Receiver<T> receiver, string kind)
        : base(context, kind)
    {
        context.Graph.AddInput(this);
        var supervisor = new ReceiverSupervisor<T>(
            context, receiver, Id, context.Receivers, context.Listeners, context.LoggerFactoryFor<ReceiverSupervisor<T>>());
        context.Receivers.Add(supervisor);
        if (context.Options.BackpressureEnabled)
        {
            context.AddStreamingListener(new RateController(Id, new PidRateEstimator(context.BatchInterval, context.Options.Backpressure), supervisor.UpdateRate));
        }
    }

    public override TimeSpan SlideDuration => Context.BatchInterval;

    internal override IReadOnlyList<DStream> Dependencies => [];

    internal override Rdd<T>? Compute(DateTimeOffset time)
    {
        var blocks = Context.Receivers.TakeBlocks(Id);
        Context.Graph.ReportInputRecords(time, Id, blocks.Sum(block => (long)block.Records));
        return new BlockRdd<T>(Context.SluiceContext, [.. blocks.Select(block => block.Id)]);
    }

    private protected override void OnForgotten(Rdd<T> rdd) => ((BlockRdd<T>)rdd).RemoveBlocks();
}
