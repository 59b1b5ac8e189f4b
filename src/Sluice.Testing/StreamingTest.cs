using Sluice.Streams;

namespace Sluice.Testing;

/// <summary>Runs an operation over per-batch input on a manual clock and returns what it produced, batch by batch.</summary>
public static class StreamingTest
{
    /// <summary>
    /// Feeds batch <c>i</c> with sequence <c>i</c> of <paramref name="input"/>, applies <paramref name="operation"/>,
    /// runs <paramref name="batches"/> batches (the input's count by default) and returns each batch's output,
    /// an empty array for a batch whose stream produced no dataset.
    /// </summary>
    /// <typeparam name="TInput">The input record type.</typeparam>
    /// <typeparam name="TOutput">The output record type.</typeparam>
    /// <param name="input">One sequence of records per batch.</param>
    /// <param name="operation">Builds the stream under test from the input stream.</param>
    /// <param name="batches">How many batches to run; the number of input sequences when omitted.</param>
    /// <param name="partitions">How many partitions each input batch has.</param>
    /// <param name="master">Where tasks run.</param>
    /// <param name="batchInterval">The batch interval; one second when omitted.</param>
    public static async Task<IReadOnlyList<TOutput[]>> RunAsync<TInput, TOutput>(
        IReadOnlyList<IEnumerable<TInput>> input,
        Func<DStream<TInput>, DStream<TOutput>> operation,
        int? batches = null,
        int partitions = 2,
        string master = "local[2]",
        TimeSpan? batchInterval = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(operation);
        using var test = new StreamingTestContext(batchInterval, master);
        var output = test.Collect(operation(test.Input(input, partitions)));
        var infos = await test.RunBatchesAsync(batches ?? input.Count).ConfigureAwait(false);
        var byTime = output.ByTime.ToDictionary(batch => batch.Time, batch => batch.Records);
        return [.. infos.Select(info => byTime.TryGetValue(info.BatchTime, out var records) ? records : [])];
    }
}
