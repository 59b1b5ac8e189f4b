using Sluice.ML;
using Sluice.Streams;

namespace Sluice.Cli.Learning;

/// <summary>
/// Lines read as vectors or labeled points, in Spark's text forms (<c>[1.0,2.0]</c>, <c>(y,[x1,x2])</c>) or as CSV
/// (<c>1.0,2.0</c>; the label first). A line that is not one, or has another number of values than the model, is
/// skipped, and each batch with some says how many on standard error, with the first one's reason.
/// </summary>
internal static class PointLines
{
    public static DStream<Vector> Vectors(DStream<string> lines, int dimensions, TextWriter error)
        => Parse(lines, line => Sized(ML.Vectors.ParseLine(line), dimensions, line), "vectors", error);

    public static DStream<LabeledPoint> LabeledPoints(DStream<string> lines, int features, TextWriter error)
        => Parse(lines, line => SizedPoint(line, features), "labeled points", error);

    private static DStream<T> Parse<T>(DStream<string> lines, Func<string, T> parse, string what, TextWriter error)
    {
        var parsed = lines.Filter(static line => !string.IsNullOrWhiteSpace(line)).Map(Parser(parse)).Cache();
        ReportSkipped(parsed, what, error);
        return parsed.Filter(static line => line.Error is null).Map(static line => line.Value!);
    }

    /// <summary>The parse as a task's function, in a closure of its own: the driver's writer, which cannot travel, stays out of it.</summary>
    private static Func<string, ParsedLine<T>> Parser<T>(Func<string, T> parse) => line =>
    {
        try
        {
            return new ParsedLine<T>(parse(line), null);
        }
        catch (FormatException failure)
        {
            return new ParsedLine<T>(default, failure.Message);
        }
    };

    private static void ReportSkipped<T>(DStream<ParsedLine<T>> parsed, string what, TextWriter error)
        => parsed.ForeachRdd((rdd, time) =>
        {
            var skipped = rdd.Filter(static line => line.Error is not null).Map(static line => line.Error!).Collect();
            if (skipped.Length > 0)
            {
                error.WriteLine($"warning: batch {time:HH:mm:ss.fff}: {skipped.Length} line(s) were not {what} and were skipped; the first: {skipped[0]}");
            }
        });

    private static LabeledPoint SizedPoint(string line, int features)
    {
        var point = LabeledPoint.ParseLine(line);
        _ = Sized(point.Features, features, line);
        return point;
    }

    private static Vector Sized(Vector vector, int size, string line)
        => vector.Size == size ? vector : throw new FormatException($"'{line}' has {vector.Size} values, and the model takes {size} (--dimensions or --features).");
}
