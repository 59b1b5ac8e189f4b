using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.Cli;

/// <summary>
/// Spark Streaming's classic word count: split lines on spaces, drop empty words, count per batch, and sort by
/// count descending inside a transform, as <c>(count,word)</c> pairs.
/// </summary>
internal static class WordCountPipeline
{
    public static DStream<(int Count, string Word)> CountsDescending(DStream<string> lines)
        => (from line in lines
            from word in line.Split(' ')
            where word.Length > 0 // The original example printed an empty word on top for want of this filter.
            select (word, 1))
            .ReduceByKey(static (a, b) => a + b)
            .Name("word-counts")
            .Map(static pair => (pair.Item2, pair.Item1))
            .Transform(static rdd => rdd.SortByKey(ascending: false))
            .Name("sorted-counts");
}
