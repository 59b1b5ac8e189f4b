using Parquet.Serialization;
using Sluice.Parquet;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Streams;

/// <summary>Per-batch Parquet files, read back with Parquet.Net.</summary>
public sealed class ParquetFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-parquet-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public sealed class WordCount
    {
        public string Word { get; set; } = "";

        public long Count { get; set; }
    }

    [Fact]
    public async Task EachBatch_IsOneParquetFile_ThatReadsBackAsItsRecords()
    {
        using var test = new StreamingTestContext();
        test.Input<string>([["a", "b", "a"], ["c"]], partitions: 2)
            .Map(word => (word, 1L)).ReduceByKey((x, y) => x + y)
            .Map(pair => new WordCount { Word = pair.Item1, Count = pair.Item2 })
            .SaveAsFiles(_root, ParquetFormat.For<WordCount>(), "counts");
        var batches = await test.RunBatchesAsync(2);

        var first = Assert.Single(Directory.GetFiles(Path.Combine(_root, $"counts-{batches[0].BatchTime.ToUnixTimeMilliseconds()}"), "part-*"));
        Assert.EndsWith(".parquet", first, StringComparison.Ordinal);
        await using var file = File.OpenRead(first);
        var rows = (await ParquetSerializer.DeserializeAsync<WordCount>(file)).Data;
        Assert.Equal(["a=2", "b=1"], rows.Select(row => $"{row.Word}={row.Count}").Order(StringComparer.Ordinal));
    }
}
