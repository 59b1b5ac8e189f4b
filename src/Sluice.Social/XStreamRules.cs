using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>
/// The filtered stream's rules at <c>/2/tweets/search/stream/rules</c>: list, add and delete them, each change
/// with a dry run if asked (X checks it and changes nothing).
/// </summary>
/// <param name="client">The client to send with.</param>
/// <param name="apiUrl">X's API address, <c>https://api.x.com</c>.</param>
/// <param name="bearerToken">The app's bearer token.</param>
public sealed class XStreamRules(HttpClient client, string apiUrl, string bearerToken)
{
    private const string DuplicateRule = "https://api.twitter.com/2/problems/duplicate-rules";

    private string RulesUrl => $"{apiUrl.TrimEnd('/')}/2/tweets/search/stream/rules";

    /// <summary>The rules the stream has.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="HttpRequestException">X did not answer, or answered an error; the message says what it said, and <see cref="HttpRequestException.StatusCode"/> is set for an answer.</exception>
    public async Task<IReadOnlyList<XStreamRuleState>> GetAsync(CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, RulesUrl, null);
        var answer = await SendAsync(request, "list the filtered stream's rules", cancellationToken).ConfigureAwait(false);
        return States(answer);
    }

    /// <summary>Adds rules, or with <paramref name="dryRun"/> checks them only.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="dryRun">Whether X only checks them and adds nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The rules added and why others were refused.</returns>
    /// <exception cref="HttpRequestException">X did not answer, or answered an error other than refusing rules.</exception>
    public Task<XRulesResult> AddAsync(IEnumerable<XStreamRule> rules, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var add = new JsonArray(rules.Select(rule => (JsonNode)(rule.Tag is null ? new JsonObject { ["value"] = rule.Value } : new JsonObject { ["value"] = rule.Value, ["tag"] = rule.Tag })).ToArray());
        return ChangeAsync(new JsonObject { ["add"] = add }, dryRun, "add rules to the filtered stream", cancellationToken);
    }

    /// <summary>Deletes rules by id, or with <paramref name="dryRun"/> checks that it could.</summary>
    /// <param name="ids">The rules' ids.</param>
    /// <param name="dryRun">Whether X only checks and deletes nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>No rules, and why some could not be deleted.</returns>
    /// <exception cref="HttpRequestException">X did not answer, or answered an error.</exception>
    public Task<XRulesResult> DeleteAsync(IEnumerable<string> ids, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var delete = new JsonObject { ["ids"] = new JsonArray(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()) };
        return ChangeAsync(new JsonObject { ["delete"] = delete }, dryRun, "delete rules of the filtered stream", cancellationToken);
    }

    private async Task<XRulesResult> ChangeAsync(JsonObject change, bool dryRun, string what, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, dryRun ? $"{RulesUrl}?dry_run=true" : RulesUrl, JsonContent.Create(change));
        var answer = await SendAsync(request, what, cancellationToken, refusalsAreAnswers: true).ConfigureAwait(false);
        var errors = answer.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(error => JsonFields.Text(error, "type") != DuplicateRule).Select(RuleError).ToList()
            : [];
        return new XRulesResult(States(answer), errors);
    }

    private HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return request;
    }

    /// <summary>The answer's JSON; an error answer throws with what X said (a 400 that refuses rules is an answer when <paramref name="refusalsAreAnswers"/>).</summary>
    private async Task<JsonElement> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken, bool refusalsAreAnswers = false)
    {
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement? answer = null;
        try
        {
            answer = JsonDocument.Parse(body.Length == 0 ? "{}" : body).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON: an error page, described below.
        }

        var refusal = refusalsAreAnswers && response.StatusCode == HttpStatusCode.BadRequest
            && answer is { } errors && errors.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array && list.EnumerateArray().Any(error => JsonFields.Text(error, "value") is not null);
        if ((!response.IsSuccessStatusCode && !refusal) || answer is null)
        {
            throw new HttpRequestException(
                $"X could not {what} at {RulesUrl}: {XErrors.DescribeAnswer(response.StatusCode, response.ReasonPhrase, body)}", null, response.StatusCode);
        }

        return answer.Value;
    }

    private static List<XStreamRuleState> States(JsonElement answer)
        => answer.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray().Select(rule => new XStreamRuleState(JsonFields.Text(rule, "id") ?? "", JsonFields.Text(rule, "value") ?? "", JsonFields.Text(rule, "tag"))).ToList()
            : [];

    private static string RuleError(JsonElement error)
    {
        var details = error.TryGetProperty("details", out var list) && list.ValueKind == JsonValueKind.Array
            ? string.Join("; ", list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()))
            : JsonFields.Text(error, "detail");
        var title = JsonFields.Text(error, "title") ?? "refused";
        var value = JsonFields.Text(error, "value");
        var what = value is null ? title : $"'{value}': {title}";
        return string.IsNullOrEmpty(details) ? what : $"{what} ({details})";
    }
}
