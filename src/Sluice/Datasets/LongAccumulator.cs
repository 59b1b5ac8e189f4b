namespace Sluice.Datasets;

/// <summary>A sum and a count of 64-bit numbers added by tasks (Spark's <c>LongAccumulator</c>). See <see cref="Accumulator"/>.</summary>
public sealed class LongAccumulator : Accumulator
{
    private readonly Lock _gate = new();
    private readonly Totals _value = new();

    internal LongAccumulator(SluiceContext context, string? name)
        : base(context, name)
    {
    }

    /// <summary>The sum of every number added by a succeeded task (and by the driver).</summary>
    public long Value
    {
        get
        {
            lock (_gate)
            {
                return _value.Sum;
            }
        }
    }

    /// <summary>How many numbers were added.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _value.Count;
            }
        }
    }

    /// <summary>Adds a number: inside a task to the task's share, merged when it succeeds; on the driver at once.</summary>
    /// <param name="value">The number.</param>
    public void Add(long value) => Update<Totals>(totals => totals.Add(value), () => new Totals(), _gate, _value);

    /// <inheritdoc/>
    public override string ToString() => $"LongAccumulator {Name ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Value}";

    internal override void Merge(object partial)
    {
        var totals = (Totals)partial;
        lock (_gate)
        {
            _value.Sum += totals.Sum;
            _value.Count += totals.Count;
        }
    }

    /// <summary>A sum and a count: the driver's value, or one task's share.</summary>
    private sealed class Totals
    {
        public long Sum { get; set; }

        public long Count { get; set; }

        public void Add(long value)
        {
            Sum += value;
            Count++;
        }
    }
}
