using System.Buffers;
using System.Buffers.Binary;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Serialization;

namespace Sluice.Streams.Operators;

/// <summary>
/// FoldBatches: an output operation whose job folds the batch's dataset into a value on the driver, in batch order;
/// the value is the operator's state, saved with every checkpoint as one entry (its codec's bytes) and restored by a
/// recovery.
/// </summary>
internal sealed class FoldDStream<T, TState> : DStream, IStatefulStream
{
    private readonly DStream<T> _parent;
    private readonly Func<Rdd<T>, DateTimeOffset, TState, TState> _fold;
    private readonly IRecordCodec<TState> _codec;
    private readonly int _outputOperationId;
    private readonly Lock _folding = new();

    // The value after each batch folded since the last checkpoint took one: a checkpoint of batch T saves the newest at or before T.
    private readonly SortedList<DateTimeOffset, TState> _versions = [];

    public FoldDStream(DStream<T> parent, string name, TState initial, Func<Rdd<T>, DateTimeOffset, TState, TState> fold, IRecordCodec<TState> codec)
        : base(parent.Context, "foldBatches")
    {
        if (Context.Options.ConcurrentJobs > 1)
        {
            throw new InvalidOperationException($"FoldBatches ('{name}') folds batches in order, one after the other, and ConcurrentJobs is {Context.Options.ConcurrentJobs}: leave ConcurrentJobs at 1 in an application that folds batches.");
        }

        GiveName(name);
        _parent = parent;
        _fold = fold;
        _codec = codec;
        Result = new BatchFold<TState>(initial);
        _outputOperationId = Context.Graph.AddOutput(this);
    }

    public BatchFold<TState> Result { get; }

    public override TimeSpan SlideDuration => _parent.SlideDuration;

    public int PartitionCount => 1;

    /// <summary>Every batch: a folded value is small next to what a batch computes.</summary>
    TimeSpan IStatefulStream.CheckpointInterval => CheckpointIntervalGiven ?? SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => [_parent];

    internal override string RecordTypeName => RecordCodecs.TypeName(typeof(TState));

    internal override void ClearMetadata(DateTimeOffset time)
    {
    }

    internal override StreamingJob? GenerateJob(DateTimeOffset time)
    {
        var rdd = _parent.GetOrCompute(time);
        return rdd is null ? null : new StreamingJob(time, _outputOperationId, Kind, Identity, () => Fold(rdd, time));
    }

    public StateSnapshot SnapshotState(DateTimeOffset time, bool exact)
    {
        TState value;
        lock (_folding)
        {
            var newest = -1;
            for (var i = 0; i < _versions.Count && _versions.Keys[i] <= time; i++)
            {
                newest = i;
            }

            value = newest >= 0 ? _versions.Values[newest] : Result.Latest.Value;
            for (var i = 0; i < newest; i++)
            {
                _versions.RemoveAt(0);
            }
        }

        // As of batch time: every batch up to it is folded in (or had nothing to fold), so a recovery runs again only the later ones.
        return new StateSnapshot(time, [file => CheckpointFile.Build(CheckpointFileKind.State, payload => Write(value, payload), file)]);
    }

    public void RestoreState(int partition, DateTimeOffset version, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < sizeof(long) || BinaryPrimitives.ReadInt64LittleEndian(payload) != 1)
        {
            throw new FormatException($"a folded value is saved as one entry, and this file holds {(payload.Length < sizeof(long) ? "none" : BinaryPrimitives.ReadInt64LittleEndian(payload))}.");
        }

        var rest = payload[sizeof(long)..];
        TState value;
        try
        {
            value = _codec.Read(ref rest);
        }
        catch (Exception error) when (error is not FormatException)
        {
            throw new FormatException($"it is not a {RecordTypeName} ({error.Message}).", error);
        }

        lock (_folding)
        {
            Result.Set(value, version);
            _versions.Clear();
            _versions[version] = value;
        }
    }

    private void Fold(Rdd<T> rdd, DateTimeOffset time)
    {
        lock (_folding)
        {
            var (previous, previousTime) = Result.Latest;
            if (previousTime >= time)
            {
                return; // folded already: the restored value is as of a later batch
            }

            var next = _fold(rdd, time, previous);
            Result.Set(next, time);
            _versions[time] = next;
        }
    }

    private void Write(TState value, ArrayBufferWriter<byte> payload)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload.GetSpan(sizeof(long)), 1);
        payload.Advance(sizeof(long));
        _codec.Write(value, payload);
    }
}
