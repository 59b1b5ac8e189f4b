using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Sluice.Cli;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.Text;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>wordcount --input FILE</c>: pushes a text file through the DStream word count (the CLI's pipeline, batch by
/// batch on a manual clock, so only processing is timed) and through the hand-written yardstick in the same
/// process, and prints MB/s, records/s and the ratios for each parallelism, to the .NET loop and to a C loop (built
/// with the system's compiler) that shows what the hardware does per core.
/// </summary>
internal static class WordCountHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--batch-mb", "--input", "--parallelism", "--repeat", "--runs"], ["--cluster", "--files", "--no-combine", "--serialized", "--strings"]);
        var input = options.Get("--input") ?? Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log");
        var repeat = options.GetInt("--repeat", 1);
        var batchMb = options.GetInt("--batch-mb", 8);
        var runs = options.GetInt("--runs", 5);
        var parallelisms = options.GetInts("--parallelism", [1, 2]);
        // With --serialized, each parallelism runs again on local-serialized[N]: every shuffle block through bytes.
        // With --cluster, each parallelism P runs again on local-cluster[P,1]: P executor processes of one slot each.
        List<string> modes = options.Has("--serialized") ? ["local", "local-serialized"] : ["local"];
        if (options.Has("--cluster"))
        {
            modes.Add("local-cluster");
        }

        // With --no-combine, words are grouped with GroupByKey: no map-side combine, so every word crosses the shuffle.
        var combine = !options.Has("--no-combine");

        // With --strings, each parallelism runs again with the lines as strings, split into a string per word (the
        // string API); by default the lines are UTF-8 text in one buffer a batch, as a socket's receiver keeps them.
        List<bool> texts = options.Has("--strings") ? [true, false] : [true];

        // With --files, each batch is written as one file a partition and read by a file stream, as a word count over a
        // directory: its tasks read their own files (as text, or with --strings as strings too), so no master gets its
        // input in memory.
        var files = options.Has("--files");

        var fileLines = await File.ReadAllLinesAsync(input);
        var lines = Enumerable.Repeat(fileLines, repeat).SelectMany(x => x).ToArray();
        var bytes = lines.Sum(line => (long)Encoding.UTF8.GetByteCount(line) + 1);
        var words = lines.Sum(line => (long)line.Split(' ').Count(word => word.Length > 0));
        var batches = Cut(lines, batchMb * 1024L * 1024L);
        var textBatches = batches.Select(Utf8Batch).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"input {input} x{repeat}: {bytes / 1e6:F1} MB, {lines.Length} lines, {words} words, {batches.Count} batches of ~{batchMb} MB; medians of {runs} rounds"));

        // The engine's pipelines, each run once by a call: warmed up together, then timed in rounds.
        var pipelines = new List<(string Name, int Parallelism, Func<Task<(double Seconds, long Allocated)>> Run)>();
        foreach (var parallelism in parallelisms)
        {
            foreach (var mode in modes)
            {
                foreach (var text in texts)
                {
                    var name = $"Sluice DStream word count{(text ? "" : " of strings")}{(combine ? "" : " by GroupByKey")}{mode switch { "local" => "", "local-serialized" => ", serializing mode", _ => $", {Master(mode, parallelism)}" }}";
                    pipelines.Add((name, parallelism, () => RunEngineAsync(batches, text ? textBatches : null, Master(mode, parallelism), combine, files)));
                }
            }
        }

        // Untimed warm-up of both sides first: tiered compilation promotes a method to optimized code only after
        // about 30 calls, so a cold side would be measured on unoptimized code and the ratio would mislead. Methods
        // called once a batch or a job take many passes to get there, and while they do the compiler's thread takes
        // a share of the cores from the timed runs: warm up until two passes in a row compile nothing new.
        void RunYardstick()
        {
            foreach (var batch in batches)
            {
                _ = WordCountYardstick.TopWords(batch, 10);
            }
        }

        var (passes, quietPasses, warmUp) = (0, 0, Stopwatch.StartNew());
        for (; passes < 3 || (quietPasses < 2 && warmUp.Elapsed < MaxWarmUp); passes++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            RunYardstick();
            foreach (var pipeline in pipelines)
            {
                await pipeline.Run();
            }

            quietPasses = JitInfo.GetCompiledMethodCount() == compiled ? quietPasses + 1 : 0;
        }

        Console.WriteLine(quietPasses >= 2
            ? $"warmed up in {passes} passes, the last two compiling no new method"
            : $"warning: still compiling methods after {passes} warm-up passes ({warmUp.Elapsed.TotalSeconds:F0} s); the timed runs include some compiling.");

        // Timed runs in rounds: each round times the C loop, the .NET loop and every engine pipeline once, one after the
        // other, and a ratio is taken within its round. This host's speed changes by half within minutes; a ratio of
        // two medians measured minutes apart would carry that change, a ratio within a round mostly does not.
        var cTimes = new List<double>();
        var loopTimes = new List<double>();
        var engineRuns = pipelines.Select(_ => new List<(double Seconds, long Allocated)>()).ToList();
        for (var round = 0; round < runs; round++)
        {
            // The C loop counts the file's bytes, in memory; the .NET loop and the engine, its lines as strings, in memory.
            // It reports the median of its own five runs: the first in a new process is slower by a fifth or more
            // (its table's memory is touched for the first time), which the warmed-up .NET sides do not pay.
            if (CWordCountYardstick.Run(input, repeat, 5) is { } c)
            {
                if (round == 0 && c.Words != words)
                {
                    Console.WriteLine($"warning: the C yardstick counted {c.Words} words, the .NET side {words}: they split the text differently.");
                }

                cTimes.Add(c.Seconds);
            }

            loopTimes.Add(Time(RunYardstick));
            for (var i = 0; i < pipelines.Count; i++)
            {
                engineRuns[i].Add(await pipelines[i].Run());
            }
        }

        Console.WriteLine("| pipeline | parallelism | median s | MB/s | words/s | ratio to yardstick | ratio to C | MB allocated per MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var report = new RoundReport(bytes, words, loopTimes, cTimes.Count == runs ? cTimes : null);
        if (cTimes.Count == runs)
        {
            report.Print("C loop, bytes in memory (yardstick of the hardware)", 1, cTimes, null);
        }

        report.Print("hand-written loop (yardstick)", 1, loopTimes, null);
        for (var i = 0; i < pipelines.Count; i++)
        {
            report.Print(pipelines[i].Name, pipelines[i].Parallelism, [.. engineRuns[i].Select(run => run.Seconds)], [.. engineRuns[i].Select(run => (double)run.Allocated)]);
        }

        return 0;
    }

    private const int WarmUpBatches = 40;

    /// <summary>Warm-up passes stop after this long even while methods are still compiled (large inputs, executor processes).</summary>
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(90);

    private static string Master(string mode, int parallelism) => mode == "local-cluster" ? $"local-cluster[{parallelism},1]" : $"{mode}[{parallelism}]";

    /// <summary>
    /// Times the word count over <paramref name="batches"/>, and counts the bytes this process allocated meanwhile
    /// (the input's datasets included; executor processes' not): as text (<paramref name="textBatches"/>, the CLI's
    /// pipeline) when given, else as strings; from files with <paramref name="files"/>, read as text or as strings alike.
    /// </summary>
    private static async Task<(double Seconds, long Allocated)> RunEngineAsync(IReadOnlyList<string[]> batches, IReadOnlyList<Utf8Text[]>? textBatches, string master, bool combine, bool files)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), master);

        var cluster = master.StartsWith("local-cluster", StringComparison.Ordinal);

        // What is timed is a running stream, not a starting one, so each context first runs the batches once, untimed.
        // A stream's first batch grows every executor thread's map-side table from empty; traced per task, a 4 MB map
        // task took 33 to 49 ms there against 14 to 30 ms in the batches after, which a stream pays once but three timed
        // batches of a new context paid every round. Executor processes are new in each context too, and run each
        // stage's methods once or twice a batch: the JIT's tiering promotes a method to optimized code after 30 calls,
        // so until then they run unoptimized code the driver's process had long left behind. They get that many
        // batches of their own first.
        var rounds = cluster ? (WarmUpBatches + batches.Count - 1) / batches.Count : 1;
        var warmUp = Enumerable.Repeat(batches, rounds).SelectMany(round => round).ToList();
        using var directory = files ? new BatchFiles(test, batches, rounds + 1) : null;
        var partitions = test.Context.SluiceContext.DefaultParallelism;
        if (textBatches is not null)
        {
            var text = directory?.TextStream() ?? test.Input(Enumerable.Repeat(textBatches, rounds).SelectMany(round => round).Concat(textBatches), partitions);
            if (combine)
            {
                WordCountPipeline.CountsDescending(text).ForeachRdd(rdd => rdd.Take(10));
            }
            else
            {
                text.Words().Map(word => (word, 1)).GroupByKey().MapValues(ones => ones.Count()).ForeachRdd(rdd => rdd.Take(10));
            }
        }
        else
        {
            var input = directory?.Stream() ?? test.Input(warmUp.Concat(batches), partitions);
            if (combine)
            {
                StringWordCount.CountsDescending(input).ForeachRdd(rdd => rdd.Take(10));
            }
            else
            {
                input.FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Map(word => (word, 1)).GroupByKey().MapValues(ones => ones.Count()).ForeachRdd(rdd => rdd.Take(10));
            }
        }

        await test.RunBatchesAsync(warmUp.Count);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await test.RunBatchesAsync(batches.Count);
        var seconds = watch.Elapsed.TotalSeconds;
        return (seconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    /// <summary>A batch's lines as UTF-8 text, one view each of a single buffer: as a receiver's block holds them.</summary>
    private static Utf8Text[] Utf8Batch(string[] lines)
    {
        var buffer = new byte[lines.Sum(line => Encoding.UTF8.GetByteCount(line))];
        var texts = new Utf8Text[lines.Length];
        var offset = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var length = Encoding.UTF8.GetBytes(lines[i], buffer.AsSpan(offset));
            texts[i] = new Utf8Text(buffer, offset, length);
            offset += length;
        }

        return texts;
    }

    private static List<string[]> Cut(string[] lines, long batchBytes)
    {
        var batches = new List<string[]>();
        var current = new List<string>();
        long size = 0;
        foreach (var line in lines)
        {
            current.Add(line);
            size += line.Length + 1;
            if (size >= batchBytes)
            {
                batches.Add([.. current]);
                current.Clear();
                size = 0;
            }
        }

        if (current.Count > 0)
        {
            batches.Add([.. current]);
        }

        return batches;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
