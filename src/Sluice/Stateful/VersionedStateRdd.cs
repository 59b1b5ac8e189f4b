using Sluice.Datasets;
using Sluice.Execution;
using Sluice.Serialization;
using Sluice.Storage;

namespace Sluice.Stateful;

/// <summary>
/// One batch of a stateful operator: per partition, reads the previous batch's version of the state, commits this
/// batch's delta to the operator's state table, and returns what the operator outputs. A partition whose version
/// is already committed (a second output, a retried task) is not computed again.
/// </summary>
/// <remarks>
/// The previous batch's dataset is a dependency only when its version is not in the table yet, so lineage stays
/// one batch deep however long the stream runs. On executor processes the partition runs where its table is (see
/// <see cref="IStateRdd"/>); a table lost with its executor is restored from the saved version the driver serves,
/// and computed up from there.
/// </remarks>
internal abstract class VersionedStateRdd<TKey, TState, TOut> : Rdd<TOut>, IStateRdd
    where TKey : notnull
{
    private readonly Rdd? _previous;
    private readonly StateFold? _fold;

    // On executor processes: the number under which the driver serves saved state of the previous version, or -1.
    private readonly int _savedState = -1;

    protected VersionedStateRdd(
        StateOperator<TKey, TState> op, string kind, DateTimeOffset time, DateTimeOffset previousTime, IEnumerable<Rdd> inputs, Rdd? previous)
        : base(op.Context, kind)
    {
        Operator = op;
        Time = time.UtcTicks;
        PreviousTime = previousTime.UtcTicks;
        _previous = previous;
        var parents = inputs.ToList();
        if (previous is not null)
        {
            parents.Add(previous);
        }

        if (PreviousTime <= op.ZeroTicks && op.InitialState is { } initial)
        {
            parents.Add(initial);
        }

        Dependencies = [.. parents.Select(parent => new NarrowDependency(parent))];
        if (op.Context.Remote is { } remote)
        {
            LossesSeen = remote.States.Losses;
            _fold = op.PendingFold;
            if (PreviousTime > op.ZeroTicks)
            {
                _savedState = remote.States.PrepareRestores(op.Identity, op.Partitioner.PartitionCount, PreviousTime, op.Context.Blocks);
            }
        }
    }

    string IStateRdd.StateName => Operator.Identity;

    PartitionKey? IPlacedRdd.PlacementOf(int partition) => new PartitionKey(Operator.Identity, partition);

    /// <summary>On executor processes, how many losses of state the driver knew of when this dataset was built.</summary>
    internal int LossesSeen { get; }

    /// <summary>Whether this dataset may be reused as a later batch's previous one: no executor holding state was lost since it was built.</summary>
    internal bool IsCurrent => Operator.Context.Remote is not { } remote || remote.States.Losses == LossesSeen;

    long IStateRdd.Version => Time;

    public override int PartitionCount => Operator.Partitioner.PartitionCount;

    public override Partitioner Partitioner => Operator.Partitioner;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    protected StateOperator<TKey, TState> Operator { get; }

    /// <summary>This batch's time, in ticks: the version this dataset commits.</summary>
    protected long Time { get; }

    /// <summary>The previous batch's time, in ticks: the version this dataset reads.</summary>
    protected long PreviousTime { get; }

    internal sealed override IEnumerable<TOut> Compute(int partition, TaskContext context)
    {
        var table = Operator.Table(partition);
        if (!table.HasVersion(Time))
        {
            EnsurePrevious(table, partition, context);
            table.Commit(PreviousTime, Time, ComputeDelta(table, partition, context));
            if (_fold is { } fold)
            {
                // Never past the version just read: a rebuild computes batches the driver has already folded beyond.
                table.FoldUpTo(Math.Min(fold.Version, PreviousTime), fold.IdleHandledBefore);
            }
        }

        return Output(table, partition);
    }

    /// <summary>This batch's changes to the partition's state, read under the table's read lock from the previous version.</summary>
    protected abstract StateDelta<TKey, TState> ComputeDelta(StateTable<TKey, TState> table, int partition, TaskContext context);

    /// <summary>What the operator outputs for the partition once this batch's version is committed.</summary>
    protected abstract IEnumerable<TOut> Output(StateTable<TKey, TState> table, int partition);

    private void EnsurePrevious(StateTable<TKey, TState> table, int partition, TaskContext context)
    {
        if (PreviousTime <= Operator.ZeroTicks)
        {
            table.Initialize(Operator.ZeroTicks, Operator.InitialState?.Iterator(partition, context) ?? []);
        }
        else if (!table.HasVersion(PreviousTime))
        {
            if (_savedState >= 0 && Operator.Context.Blocks.TryGet(BlockId.ForState(_savedState, partition), out var saved))
            {
                table.RestoreIfEmpty(PreviousTime, () => StateTableSerializer.Read(((byte[][])saved)[0], RecordCodecs.Default<TKey>(), RecordCodecs.Default<TState>()));
                if (table.HasVersion(PreviousTime))
                {
                    return;
                }
            }

            if (_previous is null)
            {
                throw new StateVersionLostException(
                    $"The state of {Operator.Identity} for batch {new DateTimeOffset(PreviousTime, TimeSpan.Zero):O} is no longer kept, so batch {new DateTimeOffset(Time, TimeSpan.Zero):O} cannot be computed from it.");
            }

            // Computing the previous batch's partition commits its version.
            _previous.RunPartition(partition, context);
        }
    }
}
