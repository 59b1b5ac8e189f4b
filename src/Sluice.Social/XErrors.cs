using System.Net;
using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>X's error answers in words: what <see cref="HttpStreamErrors"/> says, with what X's codes mean.</summary>
internal static class XErrors
{
    public static string DescribeAnswer(HttpStatusCode status, string? reason, string body) => status switch
    {
        HttpStatusCode.Conflict => $"{HttpStreamErrors.DescribeAnswer(status, reason, body)} The filtered stream has no rules, so X sends nothing: give rules (XStreamOptions.Rules, or --x-rule).",
        HttpStatusCode.Unauthorized => $"{HttpStreamErrors.DescribeAnswer(status, reason, body)} X takes an app's bearer token (OAuth 2.0 app-only) for the filtered stream.",
        HttpStatusCode.TooManyRequests => $"{HttpStreamErrors.DescribeAnswer(status, reason, body)} X allows one filtered stream connection per app at a time (more with some access levels), and so many connections per 15 minutes.",
        _ => HttpStreamErrors.DescribeAnswer(status, reason, body),
    };
}
