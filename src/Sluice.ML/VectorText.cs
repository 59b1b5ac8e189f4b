using System.Globalization;

namespace Sluice.ML;

/// <summary>A reader of Spark's text forms of vectors and labeled points, saying where a text goes wrong.</summary>
internal ref struct VectorText(string text)
{
    private int _at;

    /// <summary><c>[v,...]</c> or <c>(size,[i,...],[v,...])</c>.</summary>
    public Vector ReadVector()
    {
        SkipSpaces();
        if (Peek() == '[')
        {
            var values = ReadList(double.Parse);
            return Vectors.Dense(values);
        }

        Expect('(');
        var size = ReadNumber(int.Parse, "a vector's size");
        Expect(',');
        var indices = ReadList(int.Parse);
        Expect(',');
        var stored = ReadList(double.Parse);
        Expect(')');
        try
        {
            return Vectors.Sparse(size, indices, stored);
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"'{text}' is not a vector: {error.Message}", error);
        }
    }

    /// <summary>A number, then what follows it.</summary>
    public double ReadLabel() => ReadNumber(double.Parse, "a label");

    public void Expect(char expected)
    {
        SkipSpaces();
        if (Peek() != expected)
        {
            throw Wrong($"'{expected}'");
        }

        _at++;
    }

    /// <summary>Nothing but spaces is left.</summary>
    public void End()
    {
        SkipSpaces();
        if (_at < text.Length)
        {
            throw Wrong("the end");
        }
    }

    /// <summary>The comma-separated numbers of <paramref name="line"/> from field <paramref name="skip"/> on.</summary>
    public static double[] Numbers(string line, int skip)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(',');
        var values = new double[Math.Max(fields.Length - skip, 0)];
        for (var i = skip; i < fields.Length; i++)
        {
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i - skip]))
            {
                throw new FormatException($"'{line}' is not comma-separated numbers: field {i + 1}, '{fields[i].Trim()}', is not a number.");
            }
        }

        return values;
    }

    private T[] ReadList<T>(Func<string, NumberStyles, IFormatProvider, T> parse)
    {
        Expect('[');
        var items = new List<T>();
        SkipSpaces();
        if (Peek() == ']')
        {
            _at++;
            return [.. items];
        }

        while (true)
        {
            items.Add(ReadNumber(parse, "a number"));
            SkipSpaces();
            if (Peek() == ']')
            {
                _at++;
                return [.. items];
            }

            if (Peek() != ',')
            {
                throw Wrong("',' or ']'");
            }

            _at++;
        }
    }

    private T ReadNumber<T>(Func<string, NumberStyles, IFormatProvider, T> parse, string what)
    {
        SkipSpaces();
        var start = _at;
        while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] is '-' or '+' or '.' or 'e' or 'E' or 'I' or 'n' or 'f' or 'i' or 't' or 'y' or 'N' or 'a'))
        {
            _at++;
        }

        try
        {
            return parse(text[start.._at], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            _at = start;
            throw Wrong(what);
        }
    }

    private readonly char Peek() => _at < text.Length ? text[_at] : '\0';

    private void SkipSpaces()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at]))
        {
            _at++;
        }
    }

    private readonly FormatException Wrong(string expected)
        => new($"'{text}' is not a vector as Spark writes them ([1.0,2.0] or (size,[indices],[values])): {expected} was expected at position {_at + 1}{(_at < text.Length ? $", where '{text[_at]}' is" : ", at the end")}.");
}
