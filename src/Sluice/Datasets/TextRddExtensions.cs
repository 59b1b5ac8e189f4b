using Sluice.Datasets.Operators;
using Sluice.Text;

namespace Sluice.Datasets;

/// <summary>Operations on datasets of UTF-8 text.</summary>
public static class TextRddExtensions
{
    /// <summary>
    /// The words of every line: the runs of bytes between spaces, without empty ones (Spark's
    /// <c>flatMap(_.split(" "))</c> with empty words dropped). Each word is a view of its line's bytes, hashed as it
    /// is cut, so counting words allocates nothing per word.
    /// </summary>
    /// <param name="lines">The lines.</param>
    public static Rdd<Utf8Text> Words(this Rdd<Utf8Text> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new MapPartitionsRdd<Utf8Text, Utf8Text>(lines, "words", static (_, records, _) => WordsOf(records), wrapSink: static next => new WordsSink(next));
    }

    private static IEnumerable<Utf8Text> WordsOf(IEnumerable<Utf8Text> lines)
    {
        foreach (var line in lines)
        {
            foreach (var word in line.Words())
            {
                yield return word;
            }
        }
    }
}
