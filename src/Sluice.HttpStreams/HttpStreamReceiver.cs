using System.Net;
using System.Net.Http.Headers;
using Sluice.Sources;

namespace Sluice.HttpStreams;

/// <summary>
/// Holds a long-lived HTTP response open and stores each of its messages (newline-delimited JSON lines or
/// server-sent events) as <typeparamref name="T"/>. When the stream ends, stalls, fails or is refused, the receiver
/// reports why and connects again after the wait <see cref="HttpStreamOptions.Backoff"/> gives; a server-sent
/// events stream is asked to go on after the last event id it sent. What the server sent while no connection was
/// open is not received, unless the server replays it: at most once.
/// </summary>
/// <typeparam name="T">What each message becomes.</typeparam>
/// <remarks>Derive from it for a service's stream: <see cref="PrepareAsync"/> runs before the first request (to set
/// up what the stream delivers), <see cref="RequestUrl"/> can ask for more when reconnecting, and
/// <see cref="DescribeAnswer"/> words the service's errors.</remarks>
public class HttpStreamReceiver<T> : AsyncReceiver<T>
{
    private readonly HttpStreamOptions _options;
    private readonly Func<HttpStreamMessage, T> _convert;

    /// <summary>A receiver of the stream <paramref name="options"/> names.</summary>
    /// <param name="options">The stream, its format, and how to come back when it breaks.</param>
    /// <param name="convert">What each message becomes. Throw <see cref="FormatException"/> for a message to report and skip.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public HttpStreamReceiver(HttpStreamOptions options, Func<HttpStreamMessage, T> convert)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(convert);
        _options = options.Validate();
        _convert = convert;
    }

    /// <summary>Runs once a start, before the first request, with the client the stream is read with. A failure is reported and retried like a failed request; throw <see cref="HttpRequestException"/> with a status code for the HTTP errors' waits.</summary>
    /// <param name="client">The receiver's HTTP client.</param>
    /// <param name="stopping">Cancelled when the receiver stops.</param>
    /// <returns>The work.</returns>
    protected virtual Task PrepareAsync(HttpClient client, CancellationToken stopping) => Task.CompletedTask;

    /// <summary>The URL to request: <see cref="HttpStreamOptions.Url"/>, unless a service asks for more when reconnecting.</summary>
    /// <param name="reconnecting">Whether a request was made before in this start.</param>
    /// <returns>The URL.</returns>
    protected virtual string RequestUrl(bool reconnecting) => _options.Url;

    /// <summary>What an answer other than success means, in words, without what happens next.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="reason">The reason phrase, if any.</param>
    /// <param name="body">The start of the body.</param>
    /// <returns>The words.</returns>
    protected virtual string DescribeAnswer(HttpStatusCode status, string? reason, string body) => HttpStreamErrors.DescribeAnswer(status, reason, body);

    /// <inheritdoc/>
    protected override string DescribeFailure(Exception error)
        => $"The HTTP stream receiver of {_options.DisplayUrl} failed: {error.Message} Starting it again.";

    /// <inheritdoc/>
    protected override async Task ReceiveAsync(CancellationToken stopping)
    {
        using var client = CreateClient();
        var schedule = new ReconnectSchedule(_options.Backoff);
        var messages = new HttpStreamMessages(_options, message => ReportError(message));
        var (prepared, reconnecting) = (false, false);
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (!prepared)
                {
                    await PrepareAsync(client, stopping).ConfigureAwait(false);
                    prepared = true;
                }

                wait = await ReadStreamAsync(client, messages, schedule, reconnecting, stopping).ConfigureAwait(false);
            }
            catch (HttpRequestException error) when (!stopping.IsCancellationRequested && error.StatusCode is { } status)
            {
                wait = status == HttpStatusCode.TooManyRequests ? schedule.AfterRateLimit(null) : schedule.AfterHttpError();
                ReportError($"{error.Message} Trying again in {Waits.Words(wait)}.", error);
            }
            catch (Exception error) when (!stopping.IsCancellationRequested && error is HttpRequestException or IOException or OperationCanceledException)
            {
                wait = schedule.AfterNetworkError(messages.ServerRetry);
                var cause = error is OperationCanceledException
                    ? $"nothing came for {Waits.Words(_options.IdleTimeout)}, not even a keep-alive (IdleTimeout): the stream stalled"
                    : HttpStreamErrors.Describe(_options.Url, error);
                ReportError($"Lost the stream from {_options.DisplayUrl}: {cause}. Connecting again in {Waits.Words(wait)}.", error);
            }

            reconnecting = true;
            await Task.Delay(wait, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>One request: its messages stored until the stream ends; the wait before the next.</summary>
    private async Task<TimeSpan> ReadStreamAsync(HttpClient client, HttpStreamMessages messages, ReconnectSchedule schedule, bool reconnecting, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_options.ConnectTimeout + _options.IdleTimeout);
        using var request = Request(RequestUrl(reconnecting), messages.LastEventId);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var said = await BodyStartAsync(response, deadline.Token).ConfigureAwait(false);
            var wait = response.StatusCode == HttpStatusCode.TooManyRequests ? schedule.AfterRateLimit(ServerAsked(response)) : schedule.AfterHttpError();
            ReportError($"{_options.DisplayUrl} answered {DescribeAnswer(response.StatusCode, response.ReasonPhrase, said)} Trying again in {Waits.Words(wait)}.");
            return wait;
        }

        schedule.Connected();
        if (reconnecting)
        {
            HttpStreamLog.Reconnected(Logger, _options.Format, _options.DisplayUrl);
        }
        else
        {
            HttpStreamLog.Connected(Logger, _options.Format, _options.DisplayUrl);
        }

        deadline.CancelAfter(_options.IdleTimeout);
        var body = new IdleWatchStream(await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false), deadline, _options.IdleTimeout);
        await using var closeBody = body.ConfigureAwait(false);
        await foreach (var message in messages.ReadAsync(body, deadline.Token).ConfigureAwait(false))
        {
            StoreMessage(message);
        }

        var next = schedule.AfterNetworkError(messages.ServerRetry);
        ReportError($"{_options.DisplayUrl} ended the stream. Connecting again in {Waits.Words(next)}.");
        return next;
    }

    private void StoreMessage(HttpStreamMessage message)
    {
        T record;
        try
        {
            record = _convert(message);
        }
        catch (FormatException error)
        {
            ReportError(error.Message, error);
            return;
        }

        Store(record);
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = _options.ConnectTimeout, AutomaticDecompression = DecompressionMethods.All };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Sluice", typeof(HttpStreamReceiver<>).Assembly.GetName().Version?.ToString(3)));
        return client;
    }

    private HttpRequestMessage Request(string url, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_options.Format == HttpStreamFormat.ServerSentEvents)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        return request;
    }

    /// <summary>At most the first 64 KiB of an error's body, as text.</summary>
    private static async Task<string> BodyStartAsync(HttpResponseMessage response, CancellationToken token)
    {
        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using var closeStream = stream.ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (length < buffer.Length && await stream.ReadAsync(buffer.AsMemory(length), token).ConfigureAwait(false) is > 0 and var read)
        {
            length += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The wait a 429 asks for: <c>Retry-After</c>, or X's <c>x-rate-limit-reset</c> (seconds since the epoch).</summary>
    private static TimeSpan? ServerAsked(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        }

        return response.Headers.TryGetValues("x-rate-limit-reset", out var values) && long.TryParse(values.FirstOrDefault(), out var reset)
            ? DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow
            : null;
    }
}
