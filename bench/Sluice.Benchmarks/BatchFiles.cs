using Sluice.Streams;
using Sluice.Testing;
using Sluice.Text;

namespace Sluice.Benchmarks;

/// <summary>
/// A directory holding each batch's lines as one file a partition, written before anything is timed, each dated inside
/// the interval of the batch that is to take it, so a file stream on the test's manual clock takes exactly that
/// batch's files at each batch time.
/// </summary>
internal sealed class BatchFiles : IDisposable
{
    private readonly StreamingTestContext _test;
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-wordcount-").FullName;

    /// <summary>Writes <paramref name="rounds"/> rounds of <paramref name="batches"/>, each batch cut into the context's default parallelism.</summary>
    public BatchFiles(StreamingTestContext test, IReadOnlyList<string[]> batches, int rounds)
    {
        _test = test;
        var interval = test.Context.BatchInterval;
        var now = test.Clock.GetUtcNow();
        var first = DateTimeOffset.FromUnixTimeMilliseconds(
            ((now.ToUnixTimeMilliseconds() / (long)interval.TotalMilliseconds) + 1) * (long)interval.TotalMilliseconds);
        var partitions = test.Context.SluiceContext.DefaultParallelism;
        var index = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var batch in batches)
            {
                var dated = (first + (index * interval) - (interval / 2)).UtcDateTime;
                var size = (batch.Length + partitions - 1) / partitions;
                for (var part = 0; part < partitions; part++)
                {
                    var path = Path.Combine(_directory, $"batch-{index:D4}-part-{part}.txt");
                    File.WriteAllLines(path, batch.Skip(part * size).Take(size));
                    File.SetLastWriteTimeUtc(path, dated);
                }

                index++;
            }
        }
    }

    /// <summary>A text file stream on the directory, its lines as strings.</summary>
    public DStream<string> Stream() => _test.Context.TextFileStream(_directory);

    /// <summary>A text file stream on the directory, its lines as UTF-8 text (the CLI's <c>wordcount --dir</c>).</summary>
    public DStream<Utf8Text> TextStream() => _test.Context.Utf8TextFileStream(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
