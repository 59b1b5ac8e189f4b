using CsCheck;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Stateful;

/// <summary>UpdateStateByKey and MapWithState against running models over random batches, with keys that are removed and return.</summary>
public sealed class StatePropertyTests : IDisposable
{
    private const int Limit = 12; // a key whose total passes this is removed, and starts again at its next value

    private static readonly Gen<(int Key, int Value)[][]> s_batches = Gen.Select(Gen.Int[0, 5], Gen.Int[1, 6]).Array[0, 6].Array[1, 10];

    private readonly string _checkpoints = Directory.CreateTempSubdirectory("sluice-state-").FullName;

    public void Dispose() => Directory.Delete(_checkpoints, recursive: true);

    /// <summary>The totals after each batch: a key's total is removed once it passes <see cref="Limit"/>.</summary>
    private static List<Dictionary<int, int>> ModelTotals((int Key, int Value)[][] batches, int extraBatches, Dictionary<int, int>? initial = null)
    {
        var totals = new Dictionary<int, int>(initial ?? []);
        var after = new List<Dictionary<int, int>>();
        foreach (var batch in batches.Concat(Enumerable.Repeat(Array.Empty<(int Key, int Value)>(), extraBatches)))
        {
            foreach (var group in batch.GroupBy(p => p.Key))
            {
                var total = totals.GetValueOrDefault(group.Key) + group.Sum(p => p.Value);
                if (total > Limit)
                {
                    totals.Remove(group.Key);
                }
                else
                {
                    totals[group.Key] = total;
                }
            }

            after.Add(new Dictionary<int, int>(totals));
        }

        return after;
    }

    private List<(int, int)[]> Run<T>((int Key, int Value)[][] batches, int extraBatches, Func<StreamingTestContext, DStream<(int Key, int Value)>, DStream<T>> build, Func<T, (int, int)> project)
    {
        using var test = new StreamingTestContext();
        test.Context.Checkpoint(Path.Combine(_checkpoints, Guid.NewGuid().ToString("N"))); // one directory per run: CsCheck runs samples in parallel
        var output = test.Collect(build(test, test.Input(batches, partitions: 3)));
        test.RunBatchesAsync(batches.Length + extraBatches).GetAwaiter().GetResult();
        return [.. output.Batches.Select(batch => batch.Select(project).Order().ToArray())];
    }

    private static bool Matches(List<(int, int)[]> actual, List<Dictionary<int, int>> expected)
        => actual.Count == expected.Count
            && actual.Zip(expected).All(pair => pair.First.SequenceEqual(pair.Second.Select(kv => (kv.Key, kv.Value)).Order()));

    [Fact]
    public void UpdateStateByKey_PerKey_KeepsRunningTotals_AndNoneRemovesTheKey()
        => s_batches.Sample(
            batches =>
            {
                var actual = Run(batches, 2, (_, input) => input.UpdateStateByKey<int, int, int>(
                    (values, state) => state.GetValueOrDefault(0) + values.Sum() is var total && total > Limit ? Optional<int>.None : new Optional<int>(total), partitions: 2),
                    pair => pair);
                return Matches(actual, ModelTotals(batches, 2));
            },
            iter: 25);

    [Fact]
    public void UpdateStateByKey_WithInitialStateAndBatchTime_StartsFromIt()
        => s_batches.Sample(
            batches =>
            {
                var initial = new Dictionary<int, int> { [1] = 5, [9] = 1 };
                CollectionAccumulator<DateTimeOffset>? times = null;
                var actual = Run(
                    batches,
                    1,
                    (test, input) =>
                    {
                        var seen = times = test.Context.SluiceContext.CollectionAccumulator<DateTimeOffset>();
                        return input.UpdateStateByKey<int, int, int>(
                            (time, key, values, state) =>
                            {
                                seen.Add(time);
                                var total = state.GetValueOrDefault(0) + values.Sum();
                                return total > Limit ? Optional<int>.None : new Optional<int>(total);
                            },
                            partitions: 3,
                            initialState: test.Context.SluiceContext.Parallelize(initial.Select(kv => (kv.Key, kv.Value)), 2));
                    },
                    pair => pair);
                return Matches(actual, ModelTotals(batches, 1, initial)) && times!.Value.All(time => time.Second % 1 == 0 && time.Year == 2026);
            },
            iter: 20);

    [Fact]
    public void UpdateStateByKey_PerPartition_ReturnsTheNewStateOfThePartition()
        => s_batches.Sample(
            batches =>
            {
                var actual = Run(batches, 1, (_, input) => input.UpdateStateByKey<int, int, int>(
                    (_, items) => items.Select(item => (item.Key, item.State.GetValueOrDefault(0) + item.Values.Sum())).Where(pair => pair.Item2 <= Limit),
                    new Sluice.Datasets.HashPartitioner(2)),
                    pair => pair);
                return Matches(actual, ModelTotals(batches, 1));
            },
            iter: 20);

    [Fact]
    public void MapWithState_SeesEachRecordInOrder_AndSnapshotsHoldTheTotals()
        => s_batches.Sample(
            batches =>
            {
                var spec = StateSpec.Function<int, int, int, (int, int)>((key, value, state) =>
                {
                    var total = state.GetOption().GetValueOrDefault(0) + value.Value;
                    if (total > Limit)
                    {
                        state.Remove();
                    }
                    else
                    {
                        state.Update(total);
                    }

                    return (key, total);
                }).NumPartitions(2);
                MapWithStateDStream<int, int, int, (int, int)>? stateful = null;
                var mapped = Run(batches, 1, (_, input) => stateful = input.MapWithState(spec), pair => pair);
                var snapshots = Run(batches, 1, (_, input) => input.MapWithState(spec).StateSnapshots(), pair => pair);

                // Within a batch, a key's records see each other's updates; across batches, the state carries on.
                var running = new Dictionary<int, int>();
                var expectedMapped = new List<(int, int)[]>();
                foreach (var batch in batches.Append([]))
                {
                    var emitted = new List<(int, int)>();
                    foreach (var (key, value) in batch)
                    {
                        var total = running.GetValueOrDefault(key) + value;
                        emitted.Add((key, total));
                        if (total > Limit)
                        {
                            running.Remove(key);
                        }
                        else
                        {
                            running[key] = total;
                        }
                    }

                    expectedMapped.Add([.. emitted.Order()]);
                }

                return mapped.Count == expectedMapped.Count
                    && mapped.Zip(expectedMapped).All(pair => pair.First.SequenceEqual(pair.Second))
                    && Matches(snapshots, SequentialTotals(batches, 1));
            },
            iter: 20);

    [Fact]
    public async Task MapWithState_StartsFromTheInitialState_InTheGivenPartitioning()
    {
        using var test = new StreamingTestContext();
        test.Context.Checkpoint(Path.Combine(_checkpoints, Guid.NewGuid().ToString("N"))); // one directory per run: CsCheck runs samples in parallel
        var spec = StateSpec.Function<string, int, int, string>((key, value, state) =>
        {
            state.Update(state.GetOption().GetValueOrDefault(0) + value.Value);
            return $"{key}={state.Get()}";
        })
            .InitialState(test.Context.SluiceContext.Parallelize([("a", 10), ("z", 1)], 2))
            .Partitioner(new Sluice.Datasets.HashPartitioner(3));
        var stateful = test.Input<(string, int)>([[("a", 1), ("b", 2)], [("a", 1)]]).MapWithState(spec);
        var mapped = test.Collect(stateful);
        var snapshots = test.Collect(stateful.StateSnapshots().Glom().Map(partition => partition.Length));
        await test.RunBatchesAsync(2);

        Assert.Equal(["a=11", "b=2"], mapped.Batches[0].Order());
        Assert.Equal(["a=12"], mapped.Batches[1]);
        Assert.Equal(3, snapshots.Batches[1].Length); // three state partitions
        Assert.Equal(3, snapshots.Batches[1].Sum()); // a, b and z
    }

    /// <summary>Totals when each record is applied one at a time (removal may happen mid-batch).</summary>
    private static List<Dictionary<int, int>> SequentialTotals((int Key, int Value)[][] batches, int extraBatches)
    {
        var totals = new Dictionary<int, int>();
        var after = new List<Dictionary<int, int>>();
        foreach (var batch in batches.Concat(Enumerable.Repeat(Array.Empty<(int Key, int Value)>(), extraBatches)))
        {
            foreach (var (key, value) in batch)
            {
                var total = totals.GetValueOrDefault(key) + value;
                if (total > Limit)
                {
                    totals.Remove(key);
                }
                else
                {
                    totals[key] = total;
                }
            }

            after.Add(new Dictionary<int, int>(totals));
        }

        return after;
    }
}
