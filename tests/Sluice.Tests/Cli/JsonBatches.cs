using System.Text.Json;

namespace Sluice.Tests.Cli;

/// <summary>
/// Checks the word count's JSON lines against the input: lines arrive in order, so batch <c>k</c> holds the lines
/// after those of the batches before it, <c>records</c> of them, and its top words can be computed from that slice.
/// </summary>
internal static class JsonBatches
{
    public static int AssertMatchFile(string output, string[] fileLines, int top)
    {
        var batches = output.Split('\n').Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        long offset = 0;
        foreach (var batch in batches)
        {
            Assert.True(DateTimeOffset.TryParse(batch.GetProperty("batchTime").GetString(), out _));
            var records = batch.GetProperty("records").GetInt64();
            var slice = Enumerable.Range(0, (int)records).Select(i => fileLines[(offset + i) % fileLines.Length]);
            var counts = slice.SelectMany(line => line.Split(' ')).Where(word => word.Length > 0).GroupBy(word => word).ToDictionary(g => g.Key, g => g.Count());
            var reported = batch.GetProperty("top").EnumerateArray().Select(entry => (Word: entry.GetProperty("word").GetString()!, Count: entry.GetProperty("count").GetInt32())).ToList();

            Assert.Equal(counts.Values.OrderDescending().Take(top), reported.Select(entry => entry.Count));
            Assert.All(reported, entry => Assert.Equal(counts[entry.Word], entry.Count));
            offset += records;
        }

        return batches.Count;
    }
}
