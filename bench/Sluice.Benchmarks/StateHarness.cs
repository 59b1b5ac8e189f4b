using System.Globalization;
using Sluice.Stateful;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>state</c>: MapWithState's batch time with 1,000 keys updated per batch, for 10,000 and 1,000,000 keys in state
/// (the cost must follow the keys touched, not the state size), and the memory of 1,000,000 (string, long) states
/// against a plain <see cref="Dictionary{TKey, TValue}"/> holding the same data. With <c>--cluster</c>, each size runs
/// again on <c>local-serialized[2]</c> (tasks and shuffles through bytes, in this process) and on
/// <c>local-cluster[2,1]</c>, the state partitions kept in two executor processes (docs/adr/0008).
/// </summary>
internal static class StateHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--batches", "--keys", "--memory-keys", "--touched"], ["--cluster"]);
        var touched = options.GetInt("--touched", 1_000);
        var batches = options.GetInt("--batches", 40);
        Console.WriteLine($"MapWithState, {touched:N0} keys updated per batch, median of {batches} batches after 10 warm-up batches");
        Console.WriteLine("| master | keys in state | median ms per batch | p90 ms |");
        Console.WriteLine("|---|---|---|---|");
        string[] masters = options.Has("--cluster") ? ["local[2]", "local-serialized[2]", "local-cluster[2,1]"] : ["local[2]"];
        foreach (var keys in options.GetInts("--keys", [10_000, 1_000_000]))
        {
            foreach (var master in masters)
            {
                var (median, p90) = await MapWithStateAsync(master, keys, touched, batches);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {master} | {keys:N0} | {median:F2} | {p90:F2} |"));
            }
        }

        Memory(options.GetInt("--memory-keys", 1_000_000));
        return 0;
    }

    private static async Task<(double Median, double P90)> MapWithStateAsync(string master, int keys, int touched, int batches)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), master);
        using var checkpoint = BatchTimer.Checkpoint(test);
        var random = new Random(42);
        var input = Enumerable.Range(0, batches + 10)
            .Select(_ => Enumerable.Range(0, touched).Select(_ => ((long)random.Next(keys), 1L)).ToArray())
            .ToArray();
        var spec = StateSpec.Function<long, long, long, long>((key, value, state) =>
        {
            var total = state.GetOption().GetValueOrDefault(0) + value.Value;
            state.Update(total);
            return total;
        }).InitialState(test.Context.SluiceContext.Parallelize(Enumerable.Range(0, keys).Select(key => ((long)key, 0L)), 2));
        test.Input(input).MapWithState(spec).ForeachRdd(rdd => rdd.Count());
        var samples = await BatchTimer.TimeAsync(test, 10, batches);
        return (samples[batches / 2].TotalMilliseconds, samples[(int)(batches * 0.9)].TotalMilliseconds);
    }

    /// <summary>Bytes held by the structure alone: the keys' strings exist before and after, shared by both.</summary>
    private static void Memory(int keys)
    {
        var strings = Enumerable.Range(0, keys).Select(i => $"key-{i:D8}").ToArray();
        var before = Allocated();
        var dictionary = new Dictionary<string, long>();
        foreach (var key in strings)
        {
            dictionary[key] = key.Length;
        }

        var dictionaryBytes = Allocated() - before;
        before = Allocated();
        var table = new StateTable<string, long>();
        table.Initialize(0, strings.Select(key => (key, (long)key.Length)));
        var tableBytes = Allocated() - before;
        GC.KeepAlive(dictionary);
        GC.KeepAlive(table);
        var stringBytes = strings.Sum(s => 22L + (2L * s.Length)) + (8L * keys);
        Console.WriteLine();
        Console.WriteLine($"{keys:N0} (string, long) states, the keys' strings ({stringBytes / 1e6:F1} MB) not counted:");
        Console.WriteLine("| structure | MB | ratio to Dictionary<string, long> |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Dictionary<string, long> | {dictionaryBytes / 1e6:F1} | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Sluice state table | {tableBytes / 1e6:F1} | {(double)tableBytes / dictionaryBytes:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| (with the strings) | {(tableBytes + stringBytes) / 1e6:F1} vs {(dictionaryBytes + stringBytes) / 1e6:F1} | {(double)(tableBytes + stringBytes) / (dictionaryBytes + stringBytes):F2} |"));
    }

    private static long Allocated()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
