using System.Net;
using System.Net.Sockets;
using Sluice.TestSupport;

namespace Sluice.Tests.Streams;

/// <summary>
/// A library application (the NetworkWordCount example) waiting in <c>AwaitTermination</c>, and a hosted one (the
/// HostedWordCount worker service): SIGTERM stops each gracefully, counting what it received, and it exits with 0, as
/// a service manager's stop expects.
/// </summary>
[Trait("Category", "Process")]
public sealed class SignalShutdownProcessTests
{
    [Fact]
    public async Task SigTerm_StopsALibraryApplicationGracefully_AndItExitsWith0()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        using var app = ChildProcess.Start("dotnet", [ExampleDll("NetworkWordCount"), "127.0.0.1", $"{port}"]);
        using var connection = await server.AcceptTcpClientAsync().WaitAsync(ChildProcess.DefaultTimeout);
        await using (var writer = new StreamWriter(connection.GetStream()) { AutoFlush = true })
        {
            for (var i = 0; i < 50; i++)
            {
                await writer.WriteLineAsync("graceful stop");
            }
        }

        await app.WaitForLineAsync(line => line.StartsWith("(graceful,", StringComparison.Ordinal), "the first counts");
        app.Signal("TERM");
        Assert.Equal(0, await app.WaitForExitAsync());
        Assert.Contains(app.Output.Concat(app.Error), line => line.Contains("SIGTERM received: stopping gracefully after the batches already received", StringComparison.Ordinal));
        var counted = app.Output.Where(line => line.StartsWith("(graceful,", StringComparison.Ordinal)).Sum(line => int.Parse(line[10..^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(50, counted);
    }

    [Fact]
    public async Task SigTerm_StopsAHostedApplicationGracefully_AndItExitsWith0()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        using var app = ChildProcess.Start("dotnet", [ExampleDll("HostedWordCount")], environment: new Dictionary<string, string>
        {
            ["WordCount__Host"] = "127.0.0.1",
            ["WordCount__Port"] = $"{port}",
            ["Sluice__BatchInterval"] = "00:00:00.500",
        });
        using var connection = await server.AcceptTcpClientAsync().WaitAsync(ChildProcess.DefaultTimeout);
        await using (var writer = new StreamWriter(connection.GetStream()) { AutoFlush = true })
        {
            for (var i = 0; i < 50; i++)
            {
                await writer.WriteLineAsync("hosted stop");
            }
        }

        await app.WaitForLineAsync(line => line.StartsWith("(hosted,", StringComparison.Ordinal), "the first counts");
        app.Signal("TERM");
        Assert.Equal(0, await app.WaitForExitAsync());
        Assert.Contains(app.Output, line => line.Contains("Streaming stopped gracefully", StringComparison.Ordinal));
        var counted = app.Output.Where(line => line.StartsWith("(hosted,", StringComparison.Ordinal)).Sum(line => int.Parse(line[8..^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(50, counted);
    }

    /// <summary>
    /// An example's own build output (built with the solution, in this test's configuration): run from there, it finds
    /// its dependencies as a user's run would; the tests' folder holds only what the tests' own framework needs.
    /// </summary>
    private static string ExampleDll(string name)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory); // tests/Sluice.Tests/bin/<configuration>/<framework>/
        var repository = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repository, "examples", name, "bin", output.Parent.Name, output.Name, $"{name}.dll");
    }
}
