using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.Benchmarks;

/// <summary>
/// The word count written with the string API, as the CLI wrote it before it counted UTF-8 text: a string per word.
/// Kept to measure the string API beside the text one (<c>wordcount --strings</c>).
/// </summary>
internal static class StringWordCount
{
    public static DStream<(int Count, string Word)> CountsDescending(DStream<string> lines)
        => lines.Transform(static batch => batch
            .FlatMap(static line => line.Split(' '))
            .Filter(static word => word.Length > 0)
            .Map(static word => (word, 1))
            .ReduceByKey(static (a, b) => a + b)
            .Map(static pair => (pair.Item2, pair.Item1))
            .SortByKey(ascending: false, partitions: 1));
}
