using System.Collections.Concurrent;
using System.Net;
using Sluice.TestSupport;

namespace Sluice.Tests.Cli;

/// <summary>
/// <c>--otlp-endpoint</c>: a run sends its metrics and traces with OTLP over HTTP. No collector is installed here, so
/// a local HTTP server takes the collector's place, answering as OTLP/HTTP's specification says (200 to a POST of
/// protobuf to <c>/v1/metrics</c> or <c>/v1/traces</c>) and keeping what arrived.
/// </summary>
[Trait("Category", "Process")]
public sealed class OtlpExportTests : IDisposable
{
    private readonly string _input = Directory.CreateTempSubdirectory("sluice-otlp-").FullName;

    public void Dispose() => Directory.Delete(_input, recursive: true);

    [Fact]
    public async Task ARun_SendsItsMetricsAndTraces_ToTheCollector()
    {
        var port = Loopback.FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Bytes)>();
        var serving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext request;
                try
                {
                    request = await collector.GetContextAsync();
                }
                catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await request.Request.InputStream.CopyToAsync(body);
                received.Enqueue((request.Request.Url!.AbsolutePath, request.Request.ContentType, body.Length));
                request.Response.StatusCode = 200;
                request.Response.Close();
            }
        });

        await File.WriteAllTextAsync(Path.Combine(_input, "lines.txt"), "to be or not to be\n");
        using var run = ChildProcess.Sluice("wordcount", "--dir", _input, "--batches", "2", "--no-ui", "--otlp-endpoint", $"http://127.0.0.1:{port}/");
        await run.WaitForExitAsync();
        collector.Stop();
        await serving;

        Assert.Contains(received, request => request.Path == "/v1/traces" && request.ContentType == "application/x-protobuf" && request.Bytes > 0);
        Assert.Contains(received, request => request.Path == "/v1/metrics" && request.ContentType == "application/x-protobuf" && request.Bytes > 0);
    }

    [Fact]
    public async Task ACollectorThatIsNotThere_IsSaidOnTheTerminal_AndTheRunGoesOn()
    {
        var port = Loopback.FreePort(); // nothing listens on it
        using var run = ChildProcess.Sluice("wordcount", "--dir", _input, "--batches", "2", "--no-ui", "--otlp-endpoint", $"http://127.0.0.1:{port}/");

        Assert.True(await run.WaitForExitAsync() == 0, run.Describe());

        Assert.Equal(2, run.Output.Count(line => line.StartsWith("Time: ", StringComparison.Ordinal))); // both batches ran
        var warning = Assert.Single(run.Error, line => line.StartsWith("warning: OTLP export failed: ", StringComparison.Ordinal));
        Assert.Contains($"Connection refused (127.0.0.1:{port})", warning, StringComparison.Ordinal);
        Assert.Contains($"check that a collector listens at http://127.0.0.1:{port}/", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndpointThatIsNoUrl_IsAUsageError()
    {
        using var run = ChildProcess.Sluice("wordcount", "--dir", _input, "--otlp-endpoint", "localhost:4318");
        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("Invalid --otlp-endpoint 'localhost:4318': give the collector's OTLP/HTTP address, such as http://localhost:4318.", run.Error);
    }
}
