using Sluice.Datasets;
using Sluice.Datasets.Operators;
using Sluice.Streams;

namespace Sluice.Sources;

/// <summary>An input stream fed by a receiver: each batch is the blocks the receiver stored since the previous batch.</summary>
internal sealed class ReceiverInputDStream<T> : DStream<T>
{
    public ReceiverInputDStream(StreamingContext context, Receiver<T> receiver, string kind)
        : base(context, kind)
    {
        context.Graph.AddInput(this);
        context.Receivers.Add(new ReceiverSupervisor<T>(
            context, receiver, Id, context.Receivers, context.Listeners, context.LoggerFactoryFor<ReceiverSupervisor<T>>()));
    }

    public override TimeSpan SlideDuration => Context.BatchInterval;

    internal override IReadOnlyList<DStream> Dependencies => [];

    internal override Rdd<T>? Compute(DateTimeOffset time)
        => new BlockRdd<T>(Context.SluiceContext, [.. Context.Receivers.TakeBlocks(Id).Select(block => block.Id)]);

    private protected override void OnForgotten(Rdd<T> rdd) => ((BlockRdd<T>)rdd).RemoveBlocks();
}
