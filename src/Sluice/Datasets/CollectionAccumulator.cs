namespace Sluice.Datasets;

/// <summary>The values tasks add, gathered on the driver (Spark's <c>CollectionAccumulator</c>). See <see cref="Accumulator"/>.</summary>
/// <typeparam name="T">The values.</typeparam>
public sealed class CollectionAccumulator<T> : Accumulator
{
    private readonly Lock _gate = new();
    private readonly List<T> _value = [];

    internal CollectionAccumulator(SluiceContext context, string? name)
        : base(context, name)
    {
    }

    /// <summary>A copy of the values added by succeeded tasks (and by the driver), each task's in the order it added them.</summary>
    public IReadOnlyList<T> Value
    {
        get
        {
            lock (_gate)
            {
                return [.. _value];
            }
        }
    }

    /// <summary>Adds a value: inside a task to the task's share, merged when it succeeds; on the driver at once.</summary>
    /// <param name="value">The value.</param>
    public void Add(T value) => Update<List<T>>(values => values.Add(value), () => new List<T>(), _gate, _value);

    internal override void Merge(object partial)
    {
        lock (_gate)
        {
            _value.AddRange((List<T>)partial);
        }
    }
}
