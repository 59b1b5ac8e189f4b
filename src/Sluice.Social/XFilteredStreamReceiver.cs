using System.Net;
using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>
/// X's API v2 filtered stream: sets up the rules <see cref="XStreamOptions.Rules"/> names when it starts (checked
/// with a dry run first: an invalid rule stops the receiver, saying why), then reads the stream's posts, with X's
/// reconnection schedule and, when asked, backfill after a reconnection.
/// </summary>
internal sealed class XFilteredStreamReceiver(XStreamOptions options)
    : HttpStreamReceiver<SocialPost>(options.Validate().Stream(0), XPosts.Read)
{
    protected override string RequestUrl(bool reconnecting) => options.Stream(reconnecting ? options.BackfillMinutes : 0).Url;

    protected override string DescribeAnswer(HttpStatusCode status, string? reason, string body) => XErrors.DescribeAnswer(status, reason, body);

    protected override async Task PrepareAsync(HttpClient client, CancellationToken stopping)
    {
        if (options.Rules.Count == 0)
        {
            return;
        }

        var rules = new XStreamRules(client, options.ApiUrl, options.BearerToken);
        var existing = await rules.GetAsync(stopping).ConfigureAwait(false);
        var missing = options.Rules.Where(rule => !existing.Any(state => state.Value == rule.Value)).ToList();
        if (missing.Count > 0)
        {
            var check = await rules.AddAsync(missing, dryRun: true, stopping).ConfigureAwait(false);
            if (check.Errors.Count > 0)
            {
                var refused = string.Join("; ", check.Errors);
                Stop($"X refused rules of the filtered stream, so the X receiver stops: {refused}. Fix the rules (X's rule syntax) and start again.", new ArgumentException(refused, nameof(XStreamOptions.Rules)));
                stopping.ThrowIfCancellationRequested();
            }

            var added = await rules.AddAsync(missing, dryRun: false, stopping).ConfigureAwait(false);
            if (added.Errors.Count > 0)
            {
                throw new HttpRequestException($"X did not add rules of the filtered stream: {string.Join("; ", added.Errors)}.", null, HttpStatusCode.UnprocessableEntity);
            }
        }

        var others = options.RemoveOtherRules ? existing.Where(state => !options.Rules.Any(rule => rule.Value == state.Value)).Select(state => state.Id).ToList() : [];
        if (others.Count > 0)
        {
            await rules.DeleteAsync(others, dryRun: false, stopping).ConfigureAwait(false);
        }

        SocialLog.Rules(Logger, string.Join(", ", options.Rules.Select(rule => $"'{rule.Value}'")), missing.Count, others.Count);
    }
}
