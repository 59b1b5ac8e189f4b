using Sluice.Streams;

namespace Sluice.Cli;

/// <summary>The word count output shared by <c>wordcount</c> and <c>demo</c>: text in Spark's print layout, or JSON lines.</summary>
internal static class WordCountOutput
{
    public static void Build(DStream<string> lines, int top, bool json, TextWriter output)
    {
        if (json)
        {
            lines.ForeachRdd((rdd, time) => WordCountJson.Write(output, rdd, time, top));
        }
        else
        {
            WordCountPipeline.CountsDescending(lines).Print(top);
        }
    }
}
