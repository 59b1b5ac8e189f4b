using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.Cli;

/// <summary>
/// Spark Streaming's classic word count: split lines on spaces, drop empty words, count per batch, and sort by
/// count descending inside a transform, as <c>(count,word)</c> pairs.
/// </summary>
internal static class WordCountPipeline
{
    /// <summary>The key under which a windowed count carries the window's number of lines (no word contains NUL).</summary>
    public const string LinesKey = "\0lines";

    /// <summary>
    /// The word counts over the last <paramref name="window"/>, every <paramref name="slide"/>, kept up to date
    /// incrementally (ReduceByKeyAndWindow with an inverse); words whose count falls to zero leave. The window's
    /// line count rides along under <see cref="LinesKey"/>.
    /// </summary>
    public static DStream<(string Word, int Count)> WindowCounts(DStream<string> lines, TimeSpan window, TimeSpan slide)
        => lines
            .FlatMap(static line => WordsOf(line).Select(static word => (word, 1)).Append((LinesKey, 1)))
            .ReduceByKeyAndWindow(static (a, b) => a + b, static (a, b) => a - b, window, slide, filter: static pair => pair.Value != 0)
            .Name("window-counts");

    /// <summary>Word counts (without the line count), largest first, in one sorted partition.</summary>
    public static Rdd<(int Count, string Word)> Descending(Rdd<(string Word, int Count)> counts)
        => counts
            .Filter(static pair => pair.Word != LinesKey)
            .Map(static pair => (pair.Count, pair.Word))
            .SortByKey(ascending: false, partitions: 1);

    /// <summary>Every batch's word counts, largest first.</summary>
    public static DStream<(int Count, string Word)> CountsDescending(DStream<string> lines)
        => lines.Transform(CountsDescending).Name("sorted-counts");

    /// <summary>One batch's word counts, largest first, in one sorted partition.</summary>
    /// <remarks>
    /// Written with methods rather than query syntax: a query's second <c>from</c> makes the compiler allocate an
    /// anonymous object per word to carry both range variables, which costs a quarter of the throughput here.
    /// </remarks>
    public static Rdd<(int Count, string Word)> CountsDescending(Rdd<string> lines)
        => lines
            .FlatMap(static line => line.Split(' '))
            .Filter(static word => word.Length > 0) // The original example printed an empty word on top for want of this filter.
            .Map(static word => (word, 1))
            .ReduceByKey(static (a, b) => a + b)
            .Map(static pair => (pair.Item2, pair.Item1))

            // One sorted partition: the top ten are read from one place anyway, and a single range skips the
            // sampling job and the second pass over the counts that choosing several ranges costs.
            .SortByKey(ascending: false, partitions: 1);

    private static IEnumerable<string> WordsOf(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
