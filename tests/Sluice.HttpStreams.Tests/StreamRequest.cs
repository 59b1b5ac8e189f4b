using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.HttpStreams.Tests;

/// <summary>One request to a <see cref="StreamServer"/>'s stream, held open for the test to answer: an error, or a stream it writes to, ends or cuts.</summary>
public sealed class StreamRequest(HttpContext context)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Dictionary<string, string> _headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    public string PathAndQuery { get; } = $"{context.Request.Path}{context.Request.QueryString}";

    public string? Header(string name) => _headers.GetValueOrDefault(name);

    /// <summary>Completes when the test is done with the request, or the client went away.</summary>
    internal Task Done => _done.Task.WaitAsync(context.RequestAborted);

    /// <summary>Answers an error with a body, and ends the request.</summary>
    public async Task AnswerAsync(int status, string body, string contentType = "application/problem+json", params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(body);
        _done.TrySetResult();
    }

    /// <summary>Answers 200 with the stream's content type and sends the headers.</summary>
    public async Task StartAsync(string contentType)
    {
        context.Response.ContentType = contentType;
        await context.Response.StartAsync();
        await context.Response.Body.FlushAsync();
    }

    /// <summary>Sends text at once (the bytes as they are: a line may be cut anywhere).</summary>
    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await context.Response.Body.WriteAsync(bytes);
        await context.Response.Body.FlushAsync();
    }

    /// <summary>Ends the stream as a server does: the response completes.</summary>
    public void End() => _done.TrySetResult();

    /// <summary>Cuts the connection, as a network failure does.</summary>
    public void Cut()
    {
        context.Abort();
        _done.TrySetResult();
    }
}
