using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Sluice.TestSupport;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// A real S3-compatible server for the tests: s3rver from the npm registry (installed by test.sh into
/// tests/peers), started on a free loopback port with a throwaway data directory, stopped at the end.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-s3rver-").FullName;
    private Process? _server;

    public int Port { get; } = Loopback.FreePort();

    public AmazonS3Client Client(string accessKey = "S3RVER") => new(
        new BasicAWSCredentials(accessKey, "S3RVER"),
        new AmazonS3Config { ServiceURL = $"http://127.0.0.1:{Port}", ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    public async Task InitializeAsync()
    {
        var script = Path.Combine(NodePeers.Module("s3rver"), "bin", "s3rver.js");
        _server = Process.Start(new ProcessStartInfo("node", [script, "-d", _data, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await Loopback.WaitUntilListening(Port);
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }

        _server?.Dispose();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }
}
