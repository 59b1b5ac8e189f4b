using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sluice.Social;

namespace Sluice.HttpStreams.Tests;

/// <summary>
/// X's filtered stream as X documents it, on Kestrel: the rules at <c>/2/tweets/search/stream/rules</c> (list; add
/// and delete, with <c>dry_run</c>; rules with unbalanced parentheses refused as invalid, a rule there already as a
/// duplicate), behind the bearer token; the stream at <c>/2/tweets/search/stream</c>, answered by the test.
/// </summary>
public sealed class FakeXApi : IAsyncDisposable
{
    public const string Token = "test-bearer-token";

    private readonly Lock _gate = new();
    private readonly List<XStreamRuleState> _rules;
    private int _nextId = 100;

    private FakeXApi(IEnumerable<XStreamRuleState> rules) => _rules = [.. rules];

    public StreamServer Server { get; private set; } = null!;

    /// <summary>The rule calls, in order: <c>GET</c>, <c>add dry_run: VALUES</c>, <c>add: VALUES</c>, <c>delete: IDS</c>.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public IReadOnlyList<XStreamRuleState> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    public static async Task<FakeXApi> StartAsync(params XStreamRuleState[] rules)
    {
        var api = new FakeXApi(rules);
        api.Server = await StreamServer.StartAsync("/2/tweets/search/stream", endpoints =>
        {
            endpoints.MapGet("/2/tweets/search/stream/rules", context => api.ListAsync(context));
            endpoints.MapPost("/2/tweets/search/stream/rules", context => api.ChangeAsync(context));
        });
        return api;
    }

    private async Task ListAsync(HttpContext context)
    {
        if (await RefusedAsync(context))
        {
            return;
        }

        Calls.Enqueue("GET");
        var rules = Rules;
        var meta = new JsonObject { ["sent"] = DateTimeOffset.UtcNow.ToString("O"), ["result_count"] = rules.Count };
        await context.Response.WriteAsJsonAsync(rules.Count == 0 ? new JsonObject { ["meta"] = meta } : new JsonObject { ["data"] = Json(rules), ["meta"] = meta });
    }

    private async Task ChangeAsync(HttpContext context)
    {
        if (await RefusedAsync(context))
        {
            return;
        }

        var dryRun = context.Request.Query["dry_run"] == "true";
        var change = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
        if (change["delete"]?["ids"] is JsonArray ids)
        {
            var deleted = ids.Select(id => id!.GetValue<string>()).ToList();
            Calls.Enqueue($"delete{(dryRun ? " dry_run" : "")}: {string.Join(", ", deleted)}");
            lock (_gate)
            {
                _rules.RemoveAll(rule => !dryRun && deleted.Contains(rule.Id));
            }

            await context.Response.WriteAsJsonAsync(new JsonObject { ["meta"] = new JsonObject { ["summary"] = new JsonObject { ["deleted"] = deleted.Count, ["not_deleted"] = 0 } } });
            return;
        }

        var wanted = change["add"]!.AsArray().Select(rule => (Value: rule!["value"]!.GetValue<string>(), Tag: rule["tag"]?.GetValue<string>())).ToList();
        Calls.Enqueue($"add{(dryRun ? " dry_run" : "")}: {string.Join(", ", wanted.Select(rule => rule.Value))}");
        var (created, errors) = (new List<XStreamRuleState>(), new JsonArray());
        lock (_gate)
        {
            foreach (var (value, tag) in wanted)
            {
                if (value.Count(c => c == '(') != value.Count(c => c == ')'))
                {
                    errors.Add(new JsonObject { ["value"] = value, ["details"] = new JsonArray("Unbalanced parentheses"), ["title"] = "Invalid Rule", ["type"] = "https://api.twitter.com/2/problems/invalid-rules" });
                }
                else if (_rules.FirstOrDefault(rule => rule.Value == value) is { } existing)
                {
                    errors.Add(new JsonObject { ["value"] = value, ["id"] = existing.Id, ["title"] = "DuplicateRule", ["type"] = "https://api.twitter.com/2/problems/duplicate-rules" });
                }
                else
                {
                    created.Add(new XStreamRuleState($"{_nextId++}", value, tag));
                }
            }

            if (!dryRun && errors.All(error => (string?)error!["title"] != "Invalid Rule"))
            {
                _rules.AddRange(created);
            }
        }

        var invalid = errors.Count(error => (string?)error!["title"] == "Invalid Rule");
        context.Response.StatusCode = invalid > 0 ? 400 : 200;
        var answer = new JsonObject
        {
            ["data"] = Json(created),
            ["meta"] = new JsonObject { ["summary"] = new JsonObject { ["created"] = dryRun ? 0 : created.Count, ["valid"] = created.Count, ["invalid"] = invalid } },
        };
        if (errors.Count > 0)
        {
            answer["errors"] = errors;
        }

        await context.Response.WriteAsJsonAsync(answer);
    }

    /// <summary>A wrong token is answered 401 in problem JSON, as X does.</summary>
    private static async Task<bool> RefusedAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization == $"Bearer {Token}")
        {
            return false;
        }

        context.Response.StatusCode = 401;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync("""{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""");
        return true;
    }

    private static JsonArray Json(IEnumerable<XStreamRuleState> rules)
        => new([.. rules.Select(rule => (JsonNode)new JsonObject { ["id"] = rule.Id, ["value"] = rule.Value, ["tag"] = rule.Tag })]);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
