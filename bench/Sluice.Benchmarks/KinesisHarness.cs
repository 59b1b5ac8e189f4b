using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Kinesis;
using Sluice.TestSupport;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>kinesis</c>: the CLI's word count over the Kinesis direct stream, against HttpClient reading the same shards
/// alone in the same process, all at once (GetShardIterator, then GetRecords until each shard's backlog is read),
/// with a hand-written word count (the yardstick): records per second from a backlog of 100-byte records in kinesalite.
/// </summary>
internal static class KinesisHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--records", "--rounds", "--shards"]);
        var records = options.GetInt("--records", 100_000);
        var rounds = options.GetInt("--rounds", 3);
        var shards = options.GetInt("--shards", 2);
        var directory = Directory.CreateTempSubdirectory("sluice-bench-kinesis-").FullName;
        var port = Loopback.FreePort();
        var script = Path.Combine(directory, "start.js");
        File.WriteAllText(script, "require(process.argv[2])({ path: process.argv[3], createStreamMs: 50 }).listen(Number(process.argv[4]), '127.0.0.1', () => console.log('listening'));");
        var server = ChildProcess.Start("node", [script, NodePeers.Module("kinesalite"), Path.Combine(directory, "data"), $"{port}"]);
        try
        {
            await server.WaitForLineAsync(line => line == "listening", "kinesalite listening");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Console.WriteLine($"{records:N0} records of 100 bytes in {shards} shards of kinesalite on loopback, local[2], 200 ms batches");
            Console.WriteLine("| round | HttpClient alone with a hand-written word count, records/s | Sluice word count, records/s | Sluice / HttpClient |");
            Console.WriteLine("|---|---|---|---|");
            for (var round = 1; round <= rounds; round++)
            {
                var stream = $"bench{round}";
                await BacklogAsync(http, stream, shards, records);
                var yardstick = await ReadAloneAsync(http, stream, records);
                var sluice = await WordCountAsync(port, stream, records);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {round} | {yardstick / 1e3:F1}k | {sluice / 1e3:F1}k | {sluice / yardstick:F2} |"));
            }
        }
        finally
        {
            server.Dispose();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static async Task BacklogAsync(HttpClient http, string stream, int shards, int records)
    {
        await CallAsync(http, "CreateStream", new JsonObject { ["StreamName"] = stream, ["ShardCount"] = shards });
        while ((string?)(await CallAsync(http, "DescribeStreamSummary", new JsonObject { ["StreamName"] = stream }))["StreamDescriptionSummary"]?["StreamStatus"] != "ACTIVE")
        {
            await Task.Delay(50);
        }

        string[] words = ["stream", "batch", "window", "state", "kinesis", "shard", "spark", "sluice", "checkpoint", "record"];
        for (var start = 0; start < records; start += 500)
        {
            var batch = new JsonArray();
            for (var i = start; i < Math.Min(records, start + 500); i++)
            {
                var line = $"{words[i % 10]} {words[(i / 10) % 10]} {words[(i / 100) % 10]} {i:D12} ".PadRight(100, 'x');
                batch.Add(new JsonObject { ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(line)), ["PartitionKey"] = $"k{i}" });
            }

            await CallAsync(http, "PutRecords", new JsonObject { ["StreamName"] = stream, ["Records"] = batch });
        }
    }

    /// <summary>HttpClient alone: every shard at once from its oldest record, 10,000 records a call, words counted by hand per shard and then merged.</summary>
    private static async Task<double> ReadAloneAsync(HttpClient http, string stream, int records)
    {
        var watch = Stopwatch.StartNew();
        var shards = (await CallAsync(http, "ListShards", new JsonObject { ["StreamName"] = stream }))["Shards"]!.AsArray().Select(shard => (string)shard!["ShardId"]!).ToList();
        var perShard = await Task.WhenAll(shards.Select(shard => ReadShardAsync(http, stream, shard)));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (word, count) in perShard.SelectMany(shard => shard.Counts))
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _) += count;
        }

        if (perShard.Sum(shard => shard.Read) != records)
        {
            throw new InvalidOperationException($"Read {perShard.Sum(shard => shard.Read)} of {records} records.");
        }

        _ = counts.OrderByDescending(pair => pair.Value).Take(10).ToList();
        return records / watch.Elapsed.TotalSeconds;
    }

    private static async Task<(Dictionary<string, int> Counts, int Read)> ReadShardAsync(HttpClient http, string stream, string shardId)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var read = 0;
        var iterator = (string?)(await CallAsync(http, "GetShardIterator", new JsonObject { ["StreamName"] = stream, ["ShardId"] = shardId, ["ShardIteratorType"] = "TRIM_HORIZON" }))["ShardIterator"];
        while (iterator is not null)
        {
            var response = await CallAsync(http, "GetRecords", new JsonObject { ["ShardIterator"] = iterator, ["Limit"] = 10_000 });
            var page = response["Records"]!.AsArray();
            foreach (var record in page)
            {
                foreach (var word in Encoding.UTF8.GetString(Convert.FromBase64String((string)record!["Data"]!)).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
                }
            }

            read += page.Count;
            iterator = page.Count == 0 ? null : (string?)response["NextShardIterator"];
        }

        return (counts, read);
    }

    /// <summary>The CLI's word count over the direct stream from each shard's oldest record, the first batch not bounded.</summary>
    private static Task<double> WordCountAsync(int port, string stream, int records)
        => SourceWordCount.RecordsPerSecondAsync(ssc => KinesisUtils.CreateTextDirectStream(ssc, new KinesisStreamOptions
        {
            StreamName = stream, ServiceUrl = $"http://127.0.0.1:{port}", AccessKeyId = "bench", SecretAccessKey = "bench",
            StartFrom = KinesisStreamStart.TrimHorizon, MaxRecordsFirstBatch = records,
        }), records);

    private static async Task<JsonNode> CallAsync(HttpClient http, string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1") };
        request.Headers.Add("X-Amz-Target", $"Kinesis_20131202.{operation}");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0"); // kinesalite wants one, and checks no signature
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{operation}: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }
}
