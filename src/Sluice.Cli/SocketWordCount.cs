namespace Sluice.Cli;

/// <summary>The socket word count shared by <c>wordcount</c> and <c>demo</c>: text in Spark's print layout, or JSON lines.</summary>
internal static class SocketWordCount
{
    public static void Build(StreamingContext context, string host, int port, int top, bool json, TextWriter output)
    {
        var lines = context.SocketTextStream(host, port);
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
