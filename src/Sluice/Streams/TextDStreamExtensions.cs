using Sluice.Datasets;
using Sluice.Streams.Operators;
using Sluice.Text;

namespace Sluice.Streams;

/// <summary>Operations on streams of UTF-8 text.</summary>
public static class TextDStreamExtensions
{
    /// <summary>For every batch, the words of every line (see <see cref="TextRddExtensions.Words(Rdd{Utf8Text})"/>).</summary>
    /// <param name="lines">The lines.</param>
    public static DStream<Utf8Text> Words(this DStream<Utf8Text> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new TransformedDStream<Utf8Text, Utf8Text>(lines, "words", static (rdd, _) => rdd.Words());
    }
}
