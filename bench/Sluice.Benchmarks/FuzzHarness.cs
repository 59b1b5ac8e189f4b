using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.Checkpointing;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Sources;
using Sluice.TestSupport;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>fuzz [--iterations N] [--seed S]</c>: feeds the checkpoint metadata reader (past a valid checksum, where only
/// the JSON stands between the bytes and the recovery) and the write-ahead log reader N inputs each: mutations of
/// valid files (flipped, cut, inserted and replaced bytes and JSON values) and plain random bytes. Every input must
/// be read whole or refused with the reader's own error; anything else is printed with its input, and fails the run.
/// </summary>
internal static class FuzzHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var harness = new HarnessArgs(args, ["--iterations", "--seed"]);
        var iterations = harness.GetInt("--iterations", 100_000);
        var seed = harness.GetInt("--seed", Environment.TickCount);
        Console.WriteLine($"fuzz: {iterations:N0} inputs per reader, seed {seed}");
        var failures = Run("checkpoint metadata", iterations, new Random(seed), MetadataCase) + Run("write-ahead log", iterations, new Random(seed + 1), LogCase);
        if (s_logDirectory.IsValueCreated)
        {
            Directory.Delete(s_logDirectory.Value, recursive: true);
        }

        return Task.FromResult(failures == 0 ? 0 : 1);
    }

    private static int Run(string reader, int iterations, Random random, Func<Random, string> fuzzCase)
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            try
            {
                var outcome = fuzzCase(random);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            catch (FuzzFailure failure)
            {
                if (failures++ < 5)
                {
                    Console.WriteLine($"  FAILED on input {failure.Input}: {failure.InnerException}");
                }
            }
        }

        Console.WriteLine($"{reader}: {iterations:N0} inputs in {watch.Elapsed.TotalSeconds:0.0} s; {string.Join(", ", outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value:N0}"))}; {failures} failures");
        return failures;
    }

    private static readonly byte[] s_metadata = new CheckpointMetadata(
        1000,
        DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000),
        DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_612_000),
        [DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_613_000)],
        [new("textFileStream-1", "textFileStream", "System.String", false), new("window-counts", "reduceByKeyAndWindow", "System.ValueTuple`2[System.String,System.Int32]", false), new("print-5", "print", "", true)],
        [new("window-counts", 0, DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_610_000), "state-window_counts-0-001767225610000")],
        [new("textFileStream-1", DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_611_000), [JsonSerializer.SerializeToElement("/data/in/part-1.txt"), JsonSerializer.SerializeToElement("/data/in/part-2.txt")]), new("socketTextStream-2", DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_611_000), [JsonSerializer.SerializeToElement(new { Sequence = 7, Records = 120 })])],
        [new("socketTextStream-2", 42)]).ToJson();

    /// <summary>Metadata JSON, mutated, in a file with a valid checksum: read whole, or refused with a <see cref="CheckpointFormatException"/>.</summary>
    private static string MetadataCase(Random random)
    {
        var payload = random.Next(10) == 0 ? RandomBytes(random, random.Next(0, 400)) : MutateJson(random, s_metadata);
        try
        {
            var metadata = CheckpointMetadata.FromJson(CheckpointFile.Unwrap(CheckpointFile.Wrap(CheckpointFileKind.Metadata, payload), CheckpointFileKind.Metadata, "fuzz"), "fuzz");
            _ = metadata.Operators.Count + metadata.StateFiles.Count + metadata.Sources.Sum(source => source.Positions.Count) + metadata.PendingBatches.Count;
            return "read";
        }
        catch (CheckpointFormatException)
        {
            return "refused";
        }
        catch (Exception error)
        {
            throw new FuzzFailure(Convert.ToBase64String(payload), error);
        }
    }

    /// <summary>Valid log segments of the first format, of one to three entries, made once: each input is one of them, mutated.</summary>
    private static readonly Lazy<byte[][]> s_segments = new(() =>
    {
        var random = new Random(0);
        return [.. Enumerable.Range(1, 8).Select(variant => FirstFormatBlockLog.Segment(
            [.. Enumerable.Range(1, 1 + (variant % 3)).Select(block => ((long)block, 2, RandomBytes(random, random.Next(0, 64))))]))];
    });

    private static readonly Lazy<string> s_logDirectory = new(() => Directory.CreateTempSubdirectory("sluice-fuzz-wal-").FullName);

    /// <summary>A valid block file of the current format, made once.</summary>
    private static readonly Lazy<byte[]> s_blockFile = new(() =>
    {
        var storage = new LocalCheckpointStorage(Path.Combine(s_logDirectory.Value, "valid"));
        using (var log = new ReceivedBlockLog(storage, 0, null, NullLogger.Instance))
        {
            log.Append(1, 2, RandomBytes(new Random(1), 40));
        }

        return File.ReadAllBytes(Path.Combine(storage.Location, BlockFileName));
    });

    private const string BlockFileName = "received-0-0000000000000000001";

    /// <summary>A write-ahead log file of either format, mutated: whatever is whole is read, the rest reported as damage, never an exception.</summary>
    private static string LogCase(Random random)
    {
        var firstFormat = random.Next(2) == 0;
        var valid = firstFormat ? s_segments.Value[random.Next(s_segments.Value.Length)] : s_blockFile.Value;
        var segment = random.Next(10) == 0 ? RandomBytes(random, random.Next(0, 200)) : Mutate(random, valid);
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(s_logDirectory.Value, firstFormat ? "first" : "current")).FullName;
            File.WriteAllBytes(Path.Combine(directory, firstFormat ? "log-000000000001" : BlockFileName), segment);
            using var reader = new ReceivedBlockLog(new LocalCheckpointStorage(directory), 0, null, NullLogger.Instance);
            var (blocks, damage) = firstFormat ? new SegmentedBlockLog(directory).ReadAll() : reader.ReadAll();
            return damage is not null ? "damage reported" : blocks.Count > 0 ? "read" : "empty";
        }
        catch (Exception error)
        {
            throw new FuzzFailure(Convert.ToBase64String(segment), error);
        }
    }

    private static readonly string[] s_jsonValues = ["null", "0", "-1", "1e400", "9223372036854775808", "\"\"", "\"x\"", "[]", "[null]", "{}", "true", "\"2026-13-45T99:00:00Z\"", "[[1]]", "{\"a\":null}"];

    /// <summary>Replaces a JSON value with another of any type, or mutates the bytes.</summary>
    private static byte[] MutateJson(Random random, byte[] json)
    {
        if (random.Next(2) == 0)
        {
            return Mutate(random, json);
        }

        var text = Encoding.UTF8.GetString(json);
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
        var at = colons[random.Next(colons.Count)] + 1;
        var end = at;
        var depth = 0;
        while (end < text.Length && (depth > 0 || (text[end] != ',' && text[end] != '}' && text[end] != ']')))
        {
            depth += text[end] is '[' or '{' ? 1 : text[end] is ']' or '}' ? -1 : 0;
            end++;
        }

        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, at), " ", s_jsonValues[random.Next(s_jsonValues.Length)], text.AsSpan(end)));
    }

    /// <summary>Flips, cuts, inserts or deletes bytes.</summary>
    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var mutated = bytes.ToList();
        for (var edits = random.Next(1, 4); edits > 0 && mutated.Count > 0; edits--)
        {
            var at = random.Next(mutated.Count);
            switch (random.Next(4))
            {
                case 0:
                    mutated[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    mutated.RemoveRange(at, mutated.Count - at);
                    break;
                case 2:
                    mutated.InsertRange(at, RandomBytes(random, random.Next(1, 8)));
                    break;
                default:
                    mutated.RemoveRange(at, Math.Min(random.Next(1, 8), mutated.Count - at));
                    break;
            }
        }

        return [.. mutated];
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed class FuzzFailure(string input, Exception error) : Exception(error.Message, error)
    {
        public string Input { get; } = input;
    }
}
