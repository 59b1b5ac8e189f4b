using System.Globalization;

namespace Sluice.ML;

/// <summary>Makes and reads vectors, as Spark's <c>Vectors</c>.</summary>
public static class Vectors
{
    /// <summary>A dense vector of <paramref name="values"/>.</summary>
    /// <param name="values">Every value.</param>
    /// <returns>The vector.</returns>
    public static Vector Dense(params double[] values) => new(values.Length, null, values);

    /// <summary>A sparse vector of <paramref name="size"/> with <paramref name="values"/> at <paramref name="indices"/>, zeros elsewhere.</summary>
    /// <param name="size">How many dimensions.</param>
    /// <param name="indices">Strictly increasing indices.</param>
    /// <param name="values">The values at them.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="ArgumentException">The indices are not increasing, out of range, or not as many as the values.</exception>
    public static Vector Sparse(int size, int[] indices, double[] values) => new(size, indices, values);

    /// <summary>A dense vector of <paramref name="size"/> zeros.</summary>
    /// <param name="size">How many dimensions.</param>
    /// <returns>The vector.</returns>
    public static Vector Zeros(int size) => new(size, null, new double[size]);

    /// <summary>
    /// Reads Spark's text form of a vector: <c>[1.0,2.0,3.0]</c> (dense) or <c>(3,[0,2],[1.0,3.0])</c> (sparse:
    /// size, indices, values), spaces allowed.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="FormatException">The text is not a vector; the message says where it goes wrong.</exception>
    public static Vector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new VectorText(text);
        var vector = reader.ReadVector();
        reader.End();
        return vector;
    }

    /// <summary>Reads a line of comma-separated numbers as a dense vector.</summary>
    /// <param name="line">The line, such as <c>1.5,2,-0.25</c>.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="FormatException">A field is not a number; the message names it.</exception>
    public static Vector ParseCsv(string line) => Dense(VectorText.Numbers(line, 0));

    /// <summary>Reads a line as a vector: Spark's text form when it starts with <c>[</c> or <c>(</c>, comma-separated numbers otherwise.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="FormatException">The line is neither; the message says where it goes wrong.</exception>
    public static Vector ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.TrimStart() is ['[' or '(', ..] ? Parse(line) : ParseCsv(line);
    }

    /// <summary>A double as Spark writes it in vectors (shortest round-trip form, invariant culture).</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
