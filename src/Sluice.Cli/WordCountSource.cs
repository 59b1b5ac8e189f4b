using Sluice.Streams;
using Sluice.Text;

namespace Sluice.Cli;

/// <summary>Where a word count reads its lines, and what the run needs to know of it.</summary>
/// <param name="Description">The source as a person names it (<c>127.0.0.1:10777</c>, a directory, a topic).</param>
/// <param name="Receives">Whether a receiver takes the lines in (a socket): what it received is lost in a crash unless <c>--wal</c> logs it.</param>
/// <param name="Create">Makes the stream of lines on the context.</param>
internal sealed record WordCountSource(string Description, bool Receives, Func<StreamingContext, DStream<string>> Create)
{
    /// <summary>Makes the stream of lines as UTF-8 text, when the source reads bytes and can keep them (a socket, a directory).</summary>
    public Func<StreamingContext, DStream<Utf8Text>>? CreateText { get; init; }

    /// <summary>Adds output operations that must run after the printing (a Kafka offset commit).</summary>
    public Action? AfterOutput { get; init; }

    /// <summary>Why the source delivered nothing, when that can be seen from outside the engine (a directory that does not exist).</summary>
    public Func<string?>? WhyNothing { get; init; }

    /// <summary>A TCP server's lines: as text for the word count, which splits them without a string per word or line.</summary>
    public static WordCountSource Socket(string description, string host, int port)
        => new(description, Receives: true, ctx => ctx.SocketTextStream(host, port)) { CreateText = ctx => ctx.SocketUtf8TextStream(host, port) };

    /// <summary>The lines as UTF-8 text: as the source read them, or its strings encoded.</summary>
    public DStream<Utf8Text> Text(StreamingContext context) => CreateText?.Invoke(context) ?? WordCountPipeline.AsText(Create(context));
}
