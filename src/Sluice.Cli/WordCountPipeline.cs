using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Text;

namespace Sluice.Cli;

/// <summary>
/// Spark Streaming's classic word count: split lines on spaces, drop empty words, count per batch, and sort by
/// count descending inside a transform, as <c>(count,word)</c> pairs. Lines and words are UTF-8 text: a word is a
/// view of its line's bytes, hashed once, and becomes a string only when it is printed.
/// </summary>
internal static class WordCountPipeline
{
    /// <summary>The key under which a windowed count carries the window's number of lines (no word contains NUL).</summary>
    public static readonly Utf8Text LinesKey = new("\0lines");

    /// <summary>
    /// The word counts over the last <paramref name="window"/>, every <paramref name="slide"/>, kept up to date
    /// incrementally (ReduceByKeyAndWindow with an inverse); words whose count falls to zero leave. The window's
    /// line count rides along under <see cref="LinesKey"/>.
    /// </summary>
    public static DStream<(Utf8Text Word, int Count)> WindowCounts(DStream<Utf8Text> lines, TimeSpan window, TimeSpan slide)
        => lines
            .FlatMap(static line => PairsOf(line))
            .ReduceByKeyAndWindow(static (a, b) => a + b, static (a, b) => a - b, window, slide, filter: static pair => pair.Value != 0)
            .Name("window-counts");

    /// <summary>A line's words, each counted once, and the line itself under <see cref="LinesKey"/>.</summary>
    private static IEnumerable<(Utf8Text, int)> PairsOf(Utf8Text line)
    {
        yield return (LinesKey, 1);
        foreach (var word in line.Words())
        {
            yield return (word, 1);
        }
    }

    /// <summary>Word counts (without the line count), largest first, in one sorted partition.</summary>
    public static Rdd<(int Count, Utf8Text Word)> Descending(Rdd<(Utf8Text Word, int Count)> counts)
        => counts
            .Filter(static pair => pair.Word != LinesKey)
            .Map(static pair => (pair.Count, pair.Word))
            .SortByKey(ascending: false, partitions: 1);

    /// <summary>Every batch's word counts, largest first.</summary>
    public static DStream<(int Count, Utf8Text Word)> CountsDescending(DStream<Utf8Text> lines)
        => lines.Transform(CountsDescending).Name("sorted-counts");

    /// <summary>Every batch's word counts of a source of strings (Kafka's, a file's), each line encoded to text once.</summary>
    public static DStream<(int Count, Utf8Text Word)> CountsDescending(DStream<string> lines) => CountsDescending(AsText(lines));

    /// <summary>Lines of strings as UTF-8 text, each encoded once, for a source that gives strings.</summary>
    public static DStream<Utf8Text> AsText(DStream<string> lines) => lines.Map(static line => new Utf8Text(line));

    /// <summary>One batch's word counts, largest first, in one sorted partition.</summary>
    public static Rdd<(int Count, Utf8Text Word)> CountsDescending(Rdd<Utf8Text> lines)
        => lines
            .Words() // Spark's example split on " " and printed an empty word on top; Words drops empty ones.
            .Map(static word => (word, 1))
            .ReduceByKey(static (a, b) => a + b)
            .Map(static pair => (pair.Item2, pair.Item1))

            // One sorted partition: the top ten are read from one place anyway, and a single range skips the
            // sampling job and the second pass over the counts that choosing several ranges costs.
            .SortByKey(ascending: false, partitions: 1);
}
