using Sluice.Streams;

namespace Sluice.Social;

/// <summary>Input streams from X (Twitter), as Spark's <c>TwitterUtils.createStream</c>: the API v2 filtered stream.</summary>
public static class XUtils
{
    /// <summary>
    /// The posts X's filtered stream delivers for <paramref name="rules"/> (each a rule in X's syntax, such as
    /// <c>#dotnet</c> or <c>spark lang:en</c>), as Spark's <c>TwitterUtils.createStream(ssc, auth, filters)</c>.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="bearerToken">The app's bearer token.</param>
    /// <param name="rules">Rules the stream must have; none keeps the rules it has.</param>
    /// <returns>The stream of posts.</returns>
    /// <exception cref="ArgumentException">The token or a rule is empty.</exception>
    public static DStream<SocialPost> CreateStream(StreamingContext context, string bearerToken, params IEnumerable<string> rules)
        => CreateStream(context, new XStreamOptions { BearerToken = bearerToken, Rules = rules.Select(rule => new XStreamRule(rule)).ToList() });

    /// <summary>The posts X's filtered stream delivers.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The token, the rules, and how to come back when the stream breaks.</param>
    /// <returns>The stream of posts.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<SocialPost> CreateStream(StreamingContext context, XStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new XFilteredStreamReceiver(options));
    }
}
