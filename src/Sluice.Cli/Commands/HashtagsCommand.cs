using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice hashtags</c>: the example the article opens with, "the top ten hashtags over a ten minute window", in
/// batches of 5 s: from X's filtered stream (<c>--x-bearer-token</c>), a Mastodon server (<c>--mastodon</c>), or any
/// text source of the word count, whose lines' hashtags are counted.
/// </summary>
internal static class HashtagsCommand
{
    public static readonly TimeSpan Batch = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public static Command Create(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var social = new SocialSourceOptions();
        var sources = new TextSourceOptions();
        var run = HashtagRunOptions(logging, storage, telemetry);
        var command = new Command("hashtags", "The top hashtags over a sliding window (10 minutes, every 5 s, by default) of X's filtered stream, a Mastodon server, or any text source the word count reads.");
        social.AddTo(command);
        sources.AddTo(command, run, social);
        run.AddTo(command);
        command.SetAction(async (parsed, _) =>
        {
            var source = social.Create(parsed) ?? HashtagsOf(sources.Create(parsed, run)!);
            return await run.CreateAndRunAsync(parsed, output, source).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The run options with the article's window: 5 s batches, 10 minutes, sliding every batch.</summary>
    public static RunOptions HashtagRunOptions(Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
        => new(logging, storage, telemetry, defaultBatch: Batch, defaultWindow: Window, counted: "hashtags");

    /// <summary>A text source whose lines are made lines of their hashtags.</summary>
    private static WordCountSource HashtagsOf(WordCountSource text) => text with { Create = context => text.Create(context).Map(HashtagLines.Of), CreateText = null };
}
