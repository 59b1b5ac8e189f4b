using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging;
using Sluice.Cli.Logging;

namespace Sluice.Cli;

/// <summary>
/// Says on the terminal when the OTLP exporter fails to send (no collector at the address, a refused request), which
/// the exporter itself reports only as events of its event source: the first failure at once, then at most one line
/// a minute, with how many failed since.
/// </summary>
internal sealed class OtlpExportFailures : EventListener
{
    private const string ExporterEventSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private static readonly long Quiet = 60_000;
    private readonly object _gate = new();
    private ILogger? _logger;
    private Uri? _endpoint;
    private long _lastSaid = long.MinValue;
    private int _unsaid;

    public void Start(ILogger logger, Uri endpoint)
    {
        _endpoint = endpoint;
        _logger = logger;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor too, before this listener's fields are set: only the name is used here.
        if (eventSource.Name == ExporterEventSource)
        {
            EnableEvents(eventSource, EventLevel.Error);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_logger is not { } logger || eventData.Level > EventLevel.Error)
        {
            return;
        }

        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (_lastSaid != long.MinValue && now - _lastSaid < Quiet)
            {
                _unsaid++;
                return;
            }

            if (_lastSaid == long.MinValue)
            {
                CliLog.OtlpExportFailed(logger, Reason(eventData), _endpoint!);
            }
            else
            {
                CliLog.OtlpExportStillFailing(logger, Reason(eventData), _unsaid + 1, _endpoint!);
            }

            (_lastSaid, _unsaid) = (now, 0);
        }
    }

    /// <summary>The event's message with its payload, each exception cut to its first line (its type and message).</summary>
    private static string Reason(EventWrittenEventArgs eventData)
    {
        var payload = eventData.Payload?.Select(value => value?.ToString()?.Split('\n')[0].Trim()).ToArray() ?? [];
        try
        {
            return eventData.Message is { Length: > 0 } message ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, payload) : string.Join("; ", payload);
        }
        catch (FormatException)
        {
            return string.Join("; ", payload);
        }
    }
}
