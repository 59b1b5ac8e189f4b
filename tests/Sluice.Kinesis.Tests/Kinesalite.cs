using System.Text;
using System.Text.Json;
using Sluice.TestSupport;

namespace Sluice.Kinesis.Tests;

/// <summary>
/// kinesalite (a Kinesis implementation, from tests/peers) on 127.0.0.1 with its data in a temporary directory,
/// killed with the directory when disposed; Debian's awscli is the outside client that creates streams, puts
/// records, and splits and merges shards.
/// </summary>
public sealed class Kinesalite : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-kinesalite-").FullName;
    private readonly ChildProcess _server;

    private Kinesalite()
    {
        Port = Loopback.FreePort();
        _server = ChildProcess.Start("node", [Path.Combine(AppContext.BaseDirectory, "start-kinesalite.js"), NodePeers.Module("kinesalite"), Path.Combine(_directory, "data"), $"{Port}"]);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<Kinesalite> StartAsync()
    {
        var server = new Kinesalite();
        try
        {
            await server._server.WaitForLineAsync(line => line == "listening", "kinesalite listening");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Options for <paramref name="stream"/> here, with the fake keys kinesalite takes.</summary>
    public KinesisStreamOptions Options(string stream) => new() { StreamName = stream, ServiceUrl = Url, AccessKeyId = "test", SecretAccessKey = "test" };

    public void CreateStream(string stream, int shards)
    {
        Aws("create-stream", "--stream-name", stream, "--shard-count", $"{shards}");
        Aws("wait", "stream-exists", "--stream-name", stream);
    }

    /// <summary>Puts each of <paramref name="lines"/> as a record, 500 a call, with partition keys spread over the shards.</summary>
    public void PutRecords(string stream, IEnumerable<string> lines)
    {
        foreach (var chunk in lines.Select((line, index) => (line, index)).Chunk(500))
        {
            var file = Path.Combine(_directory, $"records-{Guid.NewGuid():N}.json");
            File.WriteAllText(file, JsonSerializer.Serialize(chunk.Select(item => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(item.line)), PartitionKey = $"key-{item.index}" })));
            var output = Aws("put-records", "--stream-name", stream, "--records", $"file://{file}");
            if (!output.Contains("\"FailedRecordCount\": 0", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"put-records failed for some records: {output}");
            }
        }
    }

    /// <summary>Splits <paramref name="shardId"/> in two at the middle of its hash key range, and waits until the stream is active again.</summary>
    public void SplitShard(string stream, string shardId, string newStartingHashKey)
    {
        Aws("split-shard", "--stream-name", stream, "--shard-to-split", shardId, "--new-starting-hash-key", newStartingHashKey);
        Aws("wait", "stream-exists", "--stream-name", stream);
    }

    public void Dispose()
    {
        try
        {
            _server.Dispose();
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string Aws(params string[] arguments)
    {
        using var process = ChildProcess.Start("/usr/bin/aws", ["--endpoint-url", Url, "--output", "json", "kinesis", .. arguments], environment: new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_PAGER"] = "",
        });
        var exit = process.WaitForExitAsync().GetAwaiter().GetResult();
        if (exit != 0)
        {
            throw new InvalidOperationException($"aws kinesis {string.Join(' ', arguments)} exited with {exit}. {process.Describe()}");
        }

        return string.Join('\n', process.Output);
    }
}
