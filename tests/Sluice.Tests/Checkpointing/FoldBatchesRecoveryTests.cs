using System.Collections.Concurrent;
using CsCheck;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// A value folded from every batch on the driver (<see cref="DStream{T}.FoldBatches"/>) is state: stopped abruptly
/// at any batch and recovered with GetOrCreate (after some downtime), the run folds each batch once into the value its
/// checkpoint left, and every batch's value equals the uninterrupted run's.
/// </summary>
public sealed class FoldBatchesRecoveryTests
{
    private const int Batches = 20;
    private static readonly string[] s_vocabulary = ["a", "b", "c", "d"];

    [Fact]
    public Task StoppedAtAnyBatch_AndRecovered_FoldsEachBatchOnce_AsTheUninterruptedRun()
        => Gen.Select(Gen.Int[1, Batches - 5], Gen.Int[0, 3]).SampleAsync( // the second run has batches left to run after any downtime
            async input =>
            {
                var (stopAfter, downtime) = input;
                var directory = Directory.CreateTempSubdirectory("sluice-fold-").FullName;
                try
                {
                    var expected = new ConcurrentDictionary<DateTimeOffset, string>();
                    DateTimeOffset end;
                    using (var uninterrupted = new StreamingTestContext())
                    {
                        end = uninterrupted.Clock.GetUtcNow().AddSeconds(Batches);
                        uninterrupted.Context.Checkpoint(Path.Combine(directory, "uninterrupted"));
                        Build(uninterrupted.Context, expected);
                        await RunUntilAsync(uninterrupted, end);
                    }

                    var actual = new ConcurrentDictionary<DateTimeOffset, string>();
                    var checkpoint = Path.Combine(directory, "run");
                    DateTimeOffset stoppedAt;
                    using (var first = new StreamingTestContext())
                    {
                        Build(StreamingContext.GetOrCreate(checkpoint, () => first.Context), actual);
                        await RunUntilAsync(first, first.Clock.GetUtcNow().AddSeconds(stopAfter));
                        stoppedAt = first.Clock.GetUtcNow();
                    } // an immediate stop

                    BatchFold<Dictionary<string, long>>? recovered = null;
                    using (var second = new StreamingTestContext())
                    {
                        StreamingContext.GetOrCreate(checkpoint, () =>
                        {
                            recovered = Build(second.Context, actual);
                            return second.Context;
                        });
                        // The value of the newest checkpoint written before the stop, restored as it was then.
                        Assert.True(recovered!.BatchTime is { } at && at <= stoppedAt && Text(recovered.Value) == expected[at], $"restored as of {recovered.BatchTime:O}");
                        second.Clock.SetUtcNow(stoppedAt.AddSeconds(downtime));
                        await RunUntilAsync(second, end);
                    }

                    return expected.Count == actual.Count && expected.All(batch => actual.TryGetValue(batch.Key, out var value) && value == batch.Value);
                }
                finally
                {
                    Directory.Delete(directory, recursive: true);
                }
            },
            iter: 6,
            print: input => $"stop after {input.Item1} batches, down for {input.Item2}");

    [Fact]
    public void ANameTaken_AndConcurrentJobs_AreRefusedInWords()
    {
        using var test = new StreamingTestContext();
        var words = test.Input<string>([["a"]]);
        words.FoldBatches("totals", 0L, (rdd, _, total) => total + rdd.Count());
        Assert.Contains("already named 'totals'", Assert.Throws<ArgumentException>(() => words.FoldBatches("totals", 0L, (rdd, _, total) => total)).Message, StringComparison.Ordinal);

        using var concurrent = new StreamingTestContext(configure: options => options.ConcurrentJobs = 2);
        Assert.Contains("leave ConcurrentJobs at 1", Assert.Throws<InvalidOperationException>(() => concurrent.Input<string>([["a"]]).FoldBatches("totals", 0L, (rdd, _, total) => total)).Message, StringComparison.Ordinal);
    }

    /// <summary>Per-word totals folded from words that are a pure function of the batch time; each batch's value recorded as text.</summary>
    private static BatchFold<Dictionary<string, long>> Build(StreamingContext context, ConcurrentDictionary<DateTimeOffset, string> values)
    {
        var sc = context.SluiceContext;
        var words = context.QueueStream(new ConcurrentQueue<Rdd<string>>(), oneAtATime: true, sc.EmptyRdd<string>())
            .Transform((_, time) => sc.Parallelize(WordsAt(time), 2));
        return words.FoldBatches("totals", new Dictionary<string, long>(), (rdd, time, totals) =>
        {
            var next = new Dictionary<string, long>(totals);
            foreach (var (word, count) in rdd.Map(word => (word, 1L)).ReduceByKey((a, b) => a + b).Collect())
            {
                next[word] = next.GetValueOrDefault(word) + count;
            }

            values[time] = Text(next);
            return next;
        });
    }

    private static string Text(Dictionary<string, long> totals) => string.Join(",", totals.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    private static IEnumerable<string> WordsAt(DateTimeOffset time)
    {
        var random = new Random((int)time.ToUnixTimeSeconds());
        return Enumerable.Range(0, random.Next(0, 8)).Select(_ => s_vocabulary[random.Next(s_vocabulary.Length)]);
    }

    private static async Task RunUntilAsync(StreamingTestContext test, DateTimeOffset until)
    {
        while (test.Clock.GetUtcNow() < until)
        {
            await test.RunBatchesAsync(1);
        }
    }
}
