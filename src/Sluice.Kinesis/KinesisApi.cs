using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Kinesis;

/// <summary>
/// The three Kinesis calls a direct stream needs (ListShards, GetShardIterator, GetRecords), as Kinesis' JSON 1.1 protocol over HTTP POST: AWSSDK.Kinesis is not on the package source.
/// </summary>
internal sealed class KinesisApi(HttpClient http, string address) : IDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/x-amz-json-1.1");

    /// <summary>Every shard of the stream, open and closed, with its parents.</summary>
    public async Task<List<KinesisShard>> ListShardsAsync(string stream, CancellationToken cancellationToken)
    {
        var shards = new List<KinesisShard>();
        string? next = null;
        do
        {
            var request = next is null ? new JsonObject { ["StreamName"] = stream } : new JsonObject { ["NextToken"] = next };
            var page = await CallAsync("ListShards", request, stream, cancellationToken).ConfigureAwait(false);
            foreach (var shard in page["Shards"]?.AsArray() ?? [])
            {
                shards.Add(new KinesisShard(
                    (string)shard!["ShardId"]!,
                    (string?)shard["ParentShardId"],
                    (string?)shard["AdjacentParentShardId"],
                    (string?)shard["SequenceNumberRange"]?["EndingSequenceNumber"]));
            }

            next = (string?)page["NextToken"];
        }
        while (next is not null);
        return shards;
    }

    /// <summary>
    /// An iterator at <paramref name="sequenceNumber"/> (<c>AT_SEQUENCE_NUMBER</c>), after it
    /// (<c>AFTER_SEQUENCE_NUMBER</c>), or, with none, at the shard's oldest record (<c>TRIM_HORIZON</c>) or its end
    /// (<c>LATEST</c>).
    /// </summary>
    public async Task<string> GetShardIteratorAsync(string stream, string shardId, string type, string? sequenceNumber, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["StreamName"] = stream, ["ShardId"] = shardId, ["ShardIteratorType"] = type };
        if (sequenceNumber is not null)
        {
            request["StartingSequenceNumber"] = sequenceNumber;
        }

        var response = await CallAsync("GetShardIterator", request, stream, cancellationToken).ConfigureAwait(false);
        return (string)response["ShardIterator"]!;
    }

    /// <summary>Up to <paramref name="limit"/> records from the iterator, and the next iterator (null once a closed shard is read to its end).</summary>
    public async Task<(List<KinesisRecord> Records, string? Next)> GetRecordsAsync(string stream, string shardId, string iterator, int limit, CancellationToken cancellationToken)
    {
        var response = await CallAsync("GetRecords", new JsonObject { ["ShardIterator"] = iterator, ["Limit"] = limit }, stream, cancellationToken).ConfigureAwait(false);
        var records = new List<KinesisRecord>();
        foreach (var record in response["Records"]?.AsArray() ?? [])
        {
            records.Add(new KinesisRecord(
                shardId,
                (string)record!["SequenceNumber"]!,
                (string?)record["PartitionKey"] ?? "",
                Convert.FromBase64String((string?)record["Data"] ?? ""),
                DateTimeOffset.FromUnixTimeMilliseconds((long)(Timestamp(record["ApproximateArrivalTimestamp"]) * 1000))));
        }

        return (records, (string?)response["NextShardIterator"]);
    }

    public void Dispose() => http.Dispose();

    private static double Timestamp(JsonNode? value) => value is null ? 0 : value.GetValueKind() == System.Text.Json.JsonValueKind.Number
        ? (double)value
        : double.Parse((string)value!, CultureInfo.InvariantCulture);

    private async Task<JsonNode> CallAsync(string operation, JsonObject body, string stream, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8) { Headers = { ContentType = s_json } },
        };
        request.Headers.Add("X-Amz-Target", $"Kinesis_20131202.{operation}");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
        if (!response.IsSuccessStatusCode)
        {
            var type = ((string?)json["__type"] ?? $"HTTP {(int)response.StatusCode}").Split('#')[^1];
            throw new KinesisApiException(type, (string?)json["message"] ?? (string?)json["Message"] ?? text, $"Kinesis at {address}, {operation} on stream '{stream}'");
        }

        return json;
    }
}
