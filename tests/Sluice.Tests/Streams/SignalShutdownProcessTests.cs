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
        var (app, counted) = await CountThenSigTermAsync("graceful", port => ChildProcess.Start("dotnet", [ExampleDll("NetworkWordCount"), "127.0.0.1", $"{port}"]));
        using (app)
        {
            Assert.Equal(0, await app.WaitForExitAsync());
            Assert.Contains(app.Output.Concat(app.Error), line => line.Contains("SIGTERM received: stopping gracefully after the batches already received", StringComparison.Ordinal));
            Assert.Equal(Lines, counted());
        }
    }

    [Fact]
    public async Task SigTerm_StopsAHostedApplicationGracefully_AndItExitsWith0()
    {
        var (app, counted) = await CountThenSigTermAsync("hosted", port => ChildProcess.Start("dotnet", [ExampleDll("HostedWordCount")], environment: new Dictionary<string, string>
        {
            ["WordCount__Host"] = "127.0.0.1",
            ["WordCount__Port"] = $"{port}",
            ["Sluice__BatchInterval"] = "00:00:00.500",
        }));
        using (app)
        {
            Assert.Equal(0, await app.WaitForExitAsync());
            Assert.Contains(app.Output, line => line.Contains("Streaming stopped gracefully", StringComparison.Ordinal));
            Assert.Equal(Lines, counted());
        }
    }

    private const int Lines = 50;

    /// <summary>
    /// Serves <see cref="Lines"/> lines of "<paramref name="word"/> stop" to the word count that <paramref name="start"/>
    /// starts against the server's port, waits for its first counts of <paramref name="word"/>, and sends it SIGTERM.
    /// </summary>
    /// <returns>The application (which the caller disposes), and the sum of the counts of the word it printed, to read once it has exited.</returns>
    private static async Task<(ChildProcess App, Func<int> Counted)> CountThenSigTermAsync(string word, Func<int, ChildProcess> start)
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var app = start(((IPEndPoint)server.LocalEndpoint).Port);
        try
        {
            using var connection = await server.AcceptTcpClientAsync().WaitAsync(ChildProcess.DefaultTimeout);
            await using (var writer = new StreamWriter(connection.GetStream()) { AutoFlush = true })
            {
                for (var i = 0; i < Lines; i++)
                {
                    await writer.WriteLineAsync($"{word} stop");
                }
            }

            var counts = $"({word},";
            await app.WaitForLineAsync(line => line.StartsWith(counts, StringComparison.Ordinal), "the first counts");
            app.Signal("TERM");
            return (app, () => app.Output.Where(line => line.StartsWith(counts, StringComparison.Ordinal)).Sum(line => int.Parse(line[counts.Length..^1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        catch
        {
            app.Dispose(); // killed, with its children, on every path
            throw;
        }
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
