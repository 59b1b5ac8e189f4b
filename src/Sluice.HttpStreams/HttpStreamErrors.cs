using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;

namespace Sluice.HttpStreams;

/// <summary>What a failed attempt to hold an HTTP stream open means, in words a user can act on.</summary>
public static class HttpStreamErrors
{
    /// <summary>A failure to connect or to read, by its innermost cause: refused, a name that does not resolve, a timeout, TLS.</summary>
    /// <param name="url">The URL requested.</param>
    /// <param name="error">The failure.</param>
    /// <returns>The words, without a final full stop.</returns>
    public static string Describe(string url, Exception error)
    {
        var host = new Uri(url).Authority;
        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"nothing listens at {host} (connection refused). Check the URL's host and port, and that the server runs";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return $"the host name of {host} does not resolve. Check the URL";
                case SocketException { SocketErrorCode: SocketError.TimedOut } or TimeoutException:
                    return $"{host} did not answer the connection (timed out). Check the URL, and the network between here and there";
                case AuthenticationException:
                    return $"TLS with {host} failed: {cause.Message}";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return $"{host} reset the connection";
            }
        }

        return error is TaskCanceledException or TimeoutException
            ? $"{host} did not answer the connection in time (ConnectTimeout). Check the URL, and the network between here and there"
            : error.GetBaseException().Message.TrimEnd('.');
    }

    /// <summary>An answer other than success, with what its body says: problem JSON (<c>title</c>, <c>detail</c>), an X <c>errors</c> list, a Mastodon <c>error</c>, or the start of the text.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="reason">The reason phrase, if any.</param>
    /// <param name="body">The body, or its start.</param>
    /// <returns>The words, ending with a full stop.</returns>
    public static string DescribeAnswer(HttpStatusCode status, string? reason, string body)
    {
        var what = $"HTTP {(int)status} {reason ?? status.ToString()}";
        var said = Said(body);
        var advice = status switch
        {
            HttpStatusCode.Unauthorized => " Check the token or credentials the request carries.",
            HttpStatusCode.Forbidden => " The credentials are not allowed to read this stream (the account's access level or the app's permissions).",
            HttpStatusCode.NotFound => " Check the URL's path.",
            _ => "",
        };
        return said is null ? $"{what}.{advice}" : $"{what}: {said}.{advice}";
    }

    private static string? Said(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var parts = new[] { Text(root, "title"), Text(root, "detail"), Text(root, "error"), Text(root, "reason") }
                    .Concat(root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                        ? errors.EnumerateArray().Select(item => Text(item, "message") ?? Text(item, "detail"))
                        : [])
                    .Where(part => part is not null)
                    .Distinct()
                    .ToList();
                if (parts.Count > 0)
                {
                    return string.Join(" - ", parts).TrimEnd('.');
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the start of the text says it.
        }

        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length <= 200 ? text : $"{text[..200]}...";
    }

    private static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
