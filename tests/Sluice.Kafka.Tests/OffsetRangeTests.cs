using System.Text.Json;
using Confluent.Kafka;
using Sluice.Datasets;

namespace Sluice.Kafka.Tests;

/// <summary>Offset ranges as checkpoints record them, and as a batch's dataset gives them.</summary>
public sealed class OffsetRangeTests
{
    [Fact]
    public void ARange_IsRecordedAsItsFourFields_AndReadBack()
    {
        var range = new OffsetRange("lines", 3, 10, 25);
        var json = JsonSerializer.SerializeToElement(range);
        Assert.Equal("""{"Topic":"lines","Partition":3,"FromOffset":10,"UntilOffset":25}""", json.GetRawText());
        Assert.Equal(range, json.Deserialize<OffsetRange>());
    }

    [Fact]
    public void TheFirstFormatsString_IsStillRead()
        => Assert.Equal(new OffsetRange("lines", 3, 10, 25), JsonSerializer.Deserialize<OffsetRange>("\"lines/3/10/25\""));

    [Theory]
    [InlineData("\"lines/3/25/10\"")]
    [InlineData("\"lines/3/10\"")]
    [InlineData("""{"Topic":"lines","Partition":-1,"FromOffset":0,"UntilOffset":1}""")]
    [InlineData("""{"Topic":"lines","FromOffset":0,"UntilOffset":1}""")]
    [InlineData("42")]
    public void WhatIsNotARange_IsRefused(string json)
        => Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OffsetRange>(json));

    [Fact]
    public void OffsetRanges_OnADatasetTheStreamDidNotMake_SaysWhereToAsk()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local[1]" });
        var mapped = context.Parallelize(Array.Empty<ConsumeResult<string, string>>());
        var error = Assert.Throws<InvalidOperationException>(() => mapped.OffsetRanges());
        Assert.Contains("is not a batch of a Kafka direct stream, so it has no offset ranges: ask for them on the stream's own datasets", error.Message, StringComparison.Ordinal);
    }
}
