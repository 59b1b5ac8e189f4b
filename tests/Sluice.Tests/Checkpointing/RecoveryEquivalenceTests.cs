using System.Collections.Concurrent;
using CsCheck;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// Recovery as equivalence: run, stop abruptly, recover with GetOrCreate (after some downtime), continue; every
/// batch's output must equal the uninterrupted run's. The input is a pure function of the batch time, as a source
/// with recorded positions is, so batches after the last saved state can be computed again.
/// </summary>
public sealed class RecoveryEquivalenceTests
{
    private const int Batches = 30;

    // What a source keeps after the recovered checkpoint: enough for the state's checkpoint interval and a window
    // and slide before it, as Spark also needs. Older input is gone, so recovery must start from saved state.
    private static readonly TimeSpan s_retention = TimeSpan.FromSeconds(10);
    private static readonly string[] s_vocabulary = ["a", "b", "c", "d", "e", "f"];

    public static TheoryData<string> Pipelines => ["updateStateByKey", "mapWithState", "stateSnapshots", "reduceByKeyAndWindow", "countByValueAndWindow"];

    private static IEnumerable<string> WordsAt(DateTimeOffset time)
    {
        var random = new Random((int)time.ToUnixTimeSeconds());
        return Enumerable.Range(0, random.Next(0, 8)).Select(_ => s_vocabulary[random.Next(s_vocabulary.Length)]);
    }

    /// <summary>Builds the same graph every run; returns a stream of printable records.</summary>
    private static DStream<string> Build(StreamingContext context, string pipeline, DateTimeOffset availableFrom = default)
    {
        var sc = context.SluiceContext;
        var words = context.QueueStream(new ConcurrentQueue<Rdd<string>>(), oneAtATime: true, sc.EmptyRdd<string>())
            .Transform((_, time) => time >= availableFrom
                ? sc.Parallelize(WordsAt(time), 2)
                : throw new InvalidOperationException($"Input of {time:O} is no longer available: recovery must not need it."))
            .Map(word => (word, 1));
        return pipeline switch
        {
            "updateStateByKey" => words.UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Sum()), partitions: 2)
                .Checkpoint(TimeSpan.FromSeconds(3)).Map(pair => $"{pair.Item1}={pair.Item2}"),
            "mapWithState" => Sessions(words, TimeSpan.FromSeconds(3)),
            "stateSnapshots" => Sessions(words, TimeSpan.FromSeconds(2)).StateSnapshots().Map(pair => $"{pair.Item1}:{pair.Item2}"),
            "reduceByKeyAndWindow" => words.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2), 2)
                .Checkpoint(TimeSpan.FromSeconds(4)).Map(pair => $"{pair.Item1}={pair.Item2}"),
            _ => words.Map(pair => pair.Item1).CountByValueAndWindow(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), 2)
                .Checkpoint(TimeSpan.FromSeconds(5)).Map(pair => $"{pair.Item1}={pair.Item2}"),
        };
    }

    private static MapWithStateDStream<string, int, int, string> Sessions(DStream<(string, int)> words, TimeSpan checkpointInterval)
    {
        var sessions = words.MapWithState(StateSpec.Function<string, int, int, string>((word, one, count) =>
        {
            if (count.IsTimingOut)
            {
                return $"{word} idle after {count.Get()}";
            }

            count.Update(count.GetOption().GetValueOrDefault(0) + one.Value);
            return $"{word}#{count.Get()}";
        }).Timeout(TimeSpan.FromSeconds(3)).NumPartitions(2));
        sessions.Checkpoint(checkpointInterval);
        return sessions;
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public Task StoppedAtAnyBatch_AndRecoveredAfterDowntime_EqualsTheUninterruptedRun(string pipeline)
        => Gen.Select(Gen.Int[1, Batches - 5], Gen.Int[0, 3]).SampleAsync(
            async input =>
            {
                var (stopAfter, downtime) = input;
                var directory = Directory.CreateTempSubdirectory("sluice-recovery-").FullName;
                try
                {
                    Dictionary<DateTimeOffset, string[]> expected;
                    DateTimeOffset end;
                    using (var uninterrupted = new StreamingTestContext())
                    {
                        end = uninterrupted.Clock.GetUtcNow().AddSeconds(Batches);
                        uninterrupted.Context.Checkpoint(Path.Combine(directory, "uninterrupted"));
                        var output = uninterrupted.Collect(Build(uninterrupted.Context, pipeline));
                        expected = await RecoveryRuns.RunUntilAsync(uninterrupted, output, end);
                    }

                    var actual = new Dictionary<DateTimeOffset, string[]>();
                    var checkpoint = Path.Combine(directory, "run");
                    DateTimeOffset stoppedAt;
                    using (var first = new StreamingTestContext())
                    {
                        var output = first.Collect(Build(StreamingContext.GetOrCreate(checkpoint, () => first.Context), pipeline));
                        foreach (var (time, records) in await RecoveryRuns.RunUntilAsync(first, output, first.Clock.GetUtcNow().AddSeconds(stopAfter)))
                        {
                            actual[time] = records;
                        }

                        stoppedAt = first.Clock.GetUtcNow();
                    } // an immediate stop

                    using (var second = new StreamingTestContext())
                    {
                        OutputCollector<string>? output = null;
                        StreamingContext.GetOrCreate(checkpoint, () =>
                        {
                            output = second.Collect(Build(second.Context, pipeline, stoppedAt - s_retention));
                            return second.Context;
                        });
                        second.Clock.SetUtcNow(stoppedAt.AddSeconds(downtime));
                        foreach (var (time, records) in await RecoveryRuns.RunUntilAsync(second, output!, end))
                        {
                            // A batch in flight at the stop (its output written, its completion not yet recorded)
                            // runs again after the recovery: at-least-once, and it must give the same output.
                            Assert.True(
                                !actual.TryGetValue(time, out var before) || before.SequenceEqual(records),
                                $"Batch {time:O} ran in both runs with different outputs.");
                            actual[time] = records;
                        }
                    }

                    return expected.Count == actual.Count
                        && expected.All(batch => actual.TryGetValue(batch.Key, out var records) && records.SequenceEqual(batch.Value));
                }
                finally
                {
                    Directory.Delete(directory, recursive: true);
                }
            },
            iter: 8,
            print: input => $"stop after {input.Item1} batches, down for {input.Item2}");
}
