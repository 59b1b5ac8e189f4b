using System.CommandLine;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sluice.Monitoring;

namespace Sluice.Cli;

/// <summary>
/// <c>--otlp-endpoint</c>: the run's metrics (the <c>Sluice</c> meter) and traces (the <c>Sluice</c> activity source)
/// exported with OTLP over HTTP to a collector (the OpenTelemetry Collector, Jaeger, Grafana Alloy, …), next to the web
/// UI's Prometheus endpoint.
/// </summary>
internal sealed class CliTelemetry
{
    private readonly Option<Uri?> _endpoint = CliOptions.HttpUrl(
        "--otlp-endpoint",
        "the collector's OTLP/HTTP address",
        "http://localhost:4318",
        "Export metrics and traces with OTLP over HTTP to this collector (such as http://localhost:4318): every 5 s, and at the end of the run.");

    public void AddTo(Command root) => root.Options.Add(_endpoint);

    /// <summary>The exporters, when <c>--otlp-endpoint</c> is given; disposing them sends what is left. Their failures are logged to <paramref name="logger"/>.</summary>
    public IDisposable? Start(ParseResult parsed, string appName, Microsoft.Extensions.Logging.ILogger logger)
    {
        if (parsed.GetValue(_endpoint) is not { } endpoint)
        {
            return null;
        }

        var failures = new OtlpExportFailures();
        failures.Start(logger, endpoint);

        var resource = ResourceBuilder.CreateDefault().AddService(appName);
        var meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(SluiceMeter.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(endpoint, "v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5000;
            })
            .Build();
        var traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(SluiceTracing.Name)
            .AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = new Uri(endpoint, "v1/traces");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            })
            .Build();
        return new Exporters(meters, traces, failures);
    }

    private sealed class Exporters(MeterProvider meters, TracerProvider traces, OtlpExportFailures failures) : IDisposable
    {
        public void Dispose()
        {
            traces.Dispose();
            meters.Dispose();
            failures.Dispose(); // last: sending what is left can fail too
        }
    }
}
