namespace Sluice.ML;

/// <summary>
/// A point with its label (the value to predict), as Spark's <c>LabeledPoint</c>. A value, so a dataset of points
/// holds the labels beside references to the features; <c>default</c> has no features and is no point.
/// </summary>
/// <param name="Label">The label: a number for regression, 0 or 1 for logistic regression.</param>
/// <param name="Features">The features.</param>
public readonly record struct LabeledPoint(double Label, Vector Features)
{
    /// <summary>Reads Spark's text form, <c>(1.0,[2.0,3.0])</c>, or with sparse features <c>(1.0,(3,[0],[2.0]))</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The labeled point.</returns>
    /// <exception cref="FormatException">The text is not a labeled point; the message says where it goes wrong.</exception>
    public static LabeledPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new VectorText(text);
        reader.Expect('(');
        var label = reader.ReadLabel();
        reader.Expect(',');
        var features = reader.ReadVector();
        reader.Expect(')');
        reader.End();
        return new LabeledPoint(label, features);
    }

    /// <summary>Reads a line of comma-separated numbers: the label first, then the features.</summary>
    /// <param name="line">The line, such as <c>3.5,1,2</c>.</param>
    /// <returns>The labeled point.</returns>
    /// <exception cref="FormatException">A field is not a number, or there is no feature.</exception>
    public static LabeledPoint ParseCsv(string line)
    {
        var values = VectorText.Numbers(line, 0);
        return values.Length >= 2
            ? new LabeledPoint(values[0], Vectors.Dense(values[1..]))
            : throw new FormatException($"'{line}' is not a labeled point: it needs a label and at least one feature, comma-separated.");
    }

    /// <summary>Reads a line as a labeled point: Spark's text form when it starts with <c>(</c>, comma-separated numbers (the label first) otherwise.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The labeled point.</returns>
    /// <exception cref="FormatException">The line is neither; the message says where it goes wrong.</exception>
    public static LabeledPoint ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.TrimStart().StartsWith('(') ? Parse(line) : ParseCsv(line);
    }

    /// <summary>Spark's text form, <c>(label,features)</c>.</summary>
    public override string ToString() => $"({Vectors.Format(Label)},{Features})";
}
