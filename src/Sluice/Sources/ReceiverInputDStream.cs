using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Datasets.Operators;
using Sluice.RateControl;
using Sluice.Serialization;
using Sluice.Storage;
using Sluice.Streams;

namespace Sluice.Sources;

/// <summary>
/// An input stream fed by a receiver: each batch is the blocks the receiver stored since the previous batch. Each
/// batch's blocks (sequence number and record count) are its source position: with the write-ahead log, a
/// recovery reads them back from the log; without it, they are reported lost with their record counts.
/// </summary>
internal sealed partial class ReceiverInputDStream<T> : DStream<T>, IReplayableInput
{
    private readonly IReceiverSupervisor _supervisor;
    private readonly ReceiverSupervisor<T>? _onDriver; // null when the receiver runs on an executor process
    private readonly RecordedPositions<ReceivedBlockPosition> _recorded;
    private readonly ILogger _logger;

    public ReceiverInputDStream(StreamingContext context, Receiver<T> receiver, string kind)
        : base(context, kind)
    {
        if (RunsOnExecutors(context))
        {
            OnExecutors.RemoteReceiverSupervisor<T>.CheckTravels(receiver);
        }

        context.Graph.AddInput(this);
        _logger = context.LoggerFactoryFor<ReceiverInputDStream<T>>();
        _recorded = new RecordedPositions<ReceivedBlockPosition>(this, JsonSerializerOptions.Default);
        if (RunsOnExecutors(context))
        {
            _supervisor = new OnExecutors.RemoteReceiverSupervisor<T>(
                context, receiver, Id, context.Receivers, context.Listeners, context.LoggerFactoryFor<ReceiverInputDStream<T>>());
        }
        else
        {
            _onDriver = new ReceiverSupervisor<T>(
                context, receiver, Id, context.Receivers, context.Listeners, context.LoggerFactoryFor<ReceiverSupervisor<T>>());
            _onDriver.OnLogOpenedWithoutRecovery = log => Replay(log, [], allocated: 0);
            _supervisor = _onDriver;
        }

        context.Receivers.Add(_supervisor);
        if (context.Options.BackpressureEnabled)
        {
            context.AddStreamingListener(new RateController(Id, new PidRateEstimator(context.BatchInterval, context.Options.Backpressure), _supervisor.UpdateRate));
        }
    }

    public override TimeSpan SlideDuration => Context.BatchInterval;

    /// <summary>
    /// Receivers run on executor processes when there are some, as Spark's do, with each block copied to a second
    /// executor; with the write-ahead log they stay on the driver, whose log holds what they acknowledged
    /// (docs/adr/0009-receivers-on-executors.md).
    /// </summary>
    private static bool RunsOnExecutors(StreamingContext context) => context.SluiceContext.Remote is not null && !context.Options.ReceiverWriteAheadLog;

    internal override IReadOnlyList<DStream> Dependencies => [];

    public IReadOnlyList<SourcePosition> Positions() => _recorded.ToList();

    public SourcePosition? PositionOf(DateTimeOffset time) => _recorded.Of(time);

    public long Backlog => Context.Receivers.PendingRecords(Id) + _supervisor.Buffered;

    public void RestorePositions(IReadOnlyList<SourcePosition> positions, InputRecovery recovery)
    {
        var backlog = recovery.Backlog;
        var batches = _recorded.Restore(positions).ToDictionary(batch => batch.Time, batch => batch.Positions);
        var allocated = batches.Values.SelectMany(blocks => blocks).Select(block => block.Sequence).DefaultIfEmpty(0).Max();
        if (_onDriver?.OpenLog() is { } log)
        {
            Replay(log, batches, allocated);
        }
        else
        {
            // Every block a batch run again held, and what no batch had taken yet, lived in memory only.
            var rerun = batches.Where(batch => batch.Value.Length > 0 && recovery.RunsAgain(batch.Key)).ToList();
            var inBatches = rerun.Sum(batch => batch.Value.Sum(block => (long)block.Records));
            if (inBatches + backlog > 0)
            {
                ReceivedLost(_logger, Identity, inBatches + backlog, inBatches, rerun.Count, backlog);
            }
        }

    }

    internal override Rdd<T>? Compute(DateTimeOffset time)
    {
        if (_recorded.TryGet(time, out var replayed))
        {
            // A batch run again after a recovery: its blocks came back from the log (or were reported lost).
            var again = replayed.Select(block => BlockId.ForStream(Id, block.Sequence))
                .Where(id => Context.SluiceContext.Blocks.TryGet(id, out _)).ToArray();
            return new BlockRdd<T>(Context.SluiceContext, again);
        }

        var blocks = Context.Receivers.TakeBlocks(Id);
        Context.Graph.ReportInputRecords(time, Id, blocks.Sum(block => (long)block.Records));
        var kept = _recorded.Record(time, [.. blocks.Select(block => new ReceivedBlockPosition(block.Id.Index, block.Records))], _recorded.ReplayHorizon);
        if (_onDriver?.Log is { } log)
        {
            // No recorded batch needs an older block (the segment being written is never deleted).
            log.DeleteBefore(kept.Select(block => block.Sequence).DefaultIfEmpty(long.MaxValue).Min());
        }

        var holders = Context.SluiceContext.Remote is { } remote && _onDriver is null ? blocks.Select(block => remote.Receivers.HoldersOf(block.Id)).ToArray() : null;
        return new BlockRdd<T>(Context.SluiceContext, [.. blocks.Select(block => block.Id)], holders);
    }

    private protected override void OnForgotten(Rdd<T> rdd) => ((BlockRdd<T>)rdd).RemoveBlocks();

    /// <summary>Puts the logged blocks of the recorded batches back in the block store, and hands blocks no batch took to the next one.</summary>
    private void Replay(ReceivedBlockLog log, Dictionary<DateTimeOffset, ReceivedBlockPosition[]> batches, long allocated)
    {
        var (logged, damage) = log.ReadAll();
        if (damage is not null)
        {
            LogDamaged(_logger, Identity, damage);
        }

        var needed = batches.Values.SelectMany(blocks => blocks).Select(block => block.Sequence).ToHashSet();
        var codec = RecordCodecs.Default<T>();
        foreach (var (sequence, records, payload) in logged)
        {
            if (!needed.Remove(sequence) && sequence <= allocated)
            {
                continue; // a block of a batch no recovery runs again
            }

            var block = RecordBlock.Read(payload, records, codec, "Logged records");

            var id = BlockId.ForStream(Id, sequence);
            Context.SluiceContext.Blocks.Put(id, block);
            if (sequence > allocated)
            {
                Context.Receivers.AddBlock(Id, id, records); // received, acknowledged, in no batch yet
            }
        }

        foreach (var (time, blocks) in batches)
        {
            var missing = blocks.Where(block => needed.Contains(block.Sequence)).ToArray();
            if (missing.Length > 0)
            {
                BlocksLost(_logger, Identity, time, missing.Sum(block => block.Records), missing.Length);
            }
        }

        _onDriver?.ContinueAfter(logged.Select(block => block.Sequence).DefaultIfEmpty(allocated).Max());
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "{Stream}: batch {BatchTime:O} runs again after a recovery, but {Records} records in {Blocks} blocks it held are not in the write-ahead log and are lost")]
    private static partial void BlocksLost(ILogger logger, string stream, DateTimeOffset batchTime, int records, int blocks);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "{Stream}: the crash lost at least {Lost} received records, which lived in memory only: {InBatches} in {Batches} batches that run again without them, and {Backlog} received but in no batch yet at the checkpoint (and whatever arrived after it). Turn on the write-ahead log (StreamingContextOptions.ReceiverWriteAheadLog, or sluice --wal) to keep received records across crashes")]
    private static partial void ReceivedLost(ILogger logger, string stream, long lost, long inBatches, int batches, long backlog);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "{Stream}: write-ahead log damaged: {Damage}")]
    private static partial void LogDamaged(ILogger logger, string stream, string damage);
}
