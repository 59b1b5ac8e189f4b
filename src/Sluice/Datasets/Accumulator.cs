using Sluice.Execution;

namespace Sluice.Datasets;

/// <summary>
/// A value that tasks add to and the driver reads, Spark's accumulator: the way to count or gather something from
/// inside the functions of a job. A function's captured variables are copies in each task (as on an executor in
/// another process), so a counter incremented there stays 0 on the driver; an accumulator's additions come back
/// with each task that succeeds and are merged into its value on the driver.
/// </summary>
/// <remarks>
/// Additions made in an action (<c>Foreach</c>, <c>ForeachPartition</c>) count once per partition. Additions made
/// in a transformation count every time the partition is computed (a dataset read by two jobs without a cache, a
/// lost cache); a failed attempt's additions are dropped. An accumulator is not checkpointed: after a recovery, one
/// made by the application's setup code starts again from zero.
/// </remarks>
public abstract class Accumulator
{
    private protected Accumulator(SluiceContext context, string? name)
    {
        ArgumentNullException.ThrowIfNull(context);
        Name = name;
        Id = context.Accumulators.Register(this);
    }

    /// <summary>A number unique within the context, the same in every copy of the accumulator.</summary>
    public int Id { get; }

    /// <summary>The name given at creation, if any.</summary>
    public string? Name { get; }

    /// <summary>Merges what a task added (its partial value) into the driver's value.</summary>
    internal abstract void Merge(object partial);

    /// <summary>Adds through the running task's partial value, or straight to the value on the driver.</summary>
    private protected void Update<TPartial>(Action<TPartial> add, Func<TPartial> create, Lock gate, TPartial driverValue)
        where TPartial : class
    {
        if (TaskContext.Current is { } task)
        {
            add((TPartial)task.Partial(Id, create));
            return;
        }

        lock (gate)
        {
            add(driverValue);
        }
    }
}
