using System.CommandLine;
using System.CommandLine.Parsing;
using Sluice.Social;

namespace Sluice.Cli;

/// <summary>
/// The social sources of <c>sluice hashtags</c>, as options: X's filtered stream (<c>--x-bearer-token</c>, with
/// <c>--x-rule</c>) and a Mastodon server's streaming timeline (<c>--mastodon</c>); each post becomes a line of its
/// hashtags.
/// </summary>
internal sealed class SocialSourceOptions
{
    private readonly Option<string> _xBearerToken = new("--x-bearer-token") { Description = "Read X's filtered stream with this app bearer token (OAuth 2.0 app-only). Pass it from a variable, --x-bearer-token \"$X_BEARER_TOKEN\"; it is never printed." };
    private readonly Option<string[]> _xRule = new("--x-rule") { Description = "With --x-bearer-token: a rule the filtered stream must have, in X's syntax (for example '#dotnet lang:en'); checked with a dry run, then added. Repeat for more; the stream's own rules when omitted.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string> _xApi = new("--x-api") { Description = "With --x-bearer-token: X's API address.", DefaultValueFactory = _ => "https://api.x.com" };
    private readonly Option<string> _mastodon = new("--mastodon") { Description = "Read a Mastodon server's public timeline, https://SERVER (for example https://mastodon.social)." };
    private readonly Option<string> _mastodonHashtag = new("--mastodon-hashtag") { Description = "With --mastodon: read only this hashtag's timeline." };
    private readonly Option<string> _mastodonToken = new("--mastodon-token") { Description = "With --mastodon: an access token, for servers that stream only to signed-in apps. Pass it from a variable; it is never printed." };

    /// <summary>The choices, for the usage error that asks for one source.</summary>
    public string Choices => "--x-bearer-token (X's filtered stream), --mastodon URL (a Mastodon server), ";

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_xBearerToken, _xRule, _xApi, _mastodon, _mastodonHashtag, _mastodonToken])
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetResult(_xBearerToken) is null && (result.GetResult(_xRule) is not null || result.GetResult(_xApi) is not null))
            {
                result.AddError("--x-rule and --x-api go with --x-bearer-token.");
            }

            if (result.GetResult(_mastodon) is null && (result.GetResult(_mastodonHashtag) is not null || result.GetResult(_mastodonToken) is not null))
            {
                result.AddError("--mastodon-hashtag and --mastodon-token go with --mastodon.");
            }
        });
    }

    /// <summary>How many social sources are given.</summary>
    public int Given(CommandResult result) => (result.GetResult(_xBearerToken) is null ? 0 : 1) + (result.GetResult(_mastodon) is null ? 0 : 1);

    /// <summary>The social source given, as lines of each post's hashtags; <see langword="null"/> when none is.</summary>
    public WordCountSource? Create(ParseResult parsed)
    {
        if (parsed.GetValue(_xBearerToken) is { } token)
        {
            var options = new XStreamOptions
            {
                BearerToken = token,
                ApiUrl = parsed.GetRequiredValue(_xApi),
                Rules = [.. (parsed.GetValue(_xRule) ?? []).Select(rule => new XStreamRule(rule))],
            };
            return new WordCountSource($"X's filtered stream at {options.ApiUrl}", Receives: true, ctx => XUtils.CreateStream(ctx, options).Map(HashtagLines.Of));
        }

        if (parsed.GetValue(_mastodon) is { } server)
        {
            var options = new MastodonStreamOptions
            {
                ServerUrl = server,
                Timeline = parsed.GetValue(_mastodonHashtag) is null ? MastodonTimeline.Public : MastodonTimeline.Hashtag,
                Hashtag = parsed.GetValue(_mastodonHashtag),
                AccessToken = parsed.GetValue(_mastodonToken),
            };
            return new WordCountSource($"Mastodon's {options.Timeline.ToString().ToLowerInvariant()} timeline at {server}", Receives: true, ctx => MastodonUtils.CreateStream(ctx, options).Map(HashtagLines.Of));
        }

        return null;
    }
}
