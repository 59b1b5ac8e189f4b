using System.Diagnostics;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>Times batches on a manual clock one at a time, from the clock tick to the batch's completion.</summary>
internal static class BatchTimer
{
    /// <summary>Runs <paramref name="warmUp"/> untimed batches, then <paramref name="count"/> timed ones.</summary>
    /// <returns>The timed batches' durations, sorted.</returns>
    public static async Task<TimeSpan[]> TimeAsync(StreamingTestContext test, int warmUp, int count)
    {
        await test.RunBatchesAsync(warmUp);
        var samples = new TimeSpan[count];
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await test.RunBatchesAsync(1);
            samples[i] = watch.Elapsed;
        }

        Array.Sort(samples);
        return samples;
    }

    /// <summary>A temporary checkpoint directory for a stateful pipeline, removed on dispose (after the context stops writing to it).</summary>
    public static TemporaryDirectory Checkpoint(StreamingTestContext test)
    {
        var directory = new TemporaryDirectory(Directory.CreateTempSubdirectory("sluice-bench-").FullName, test);
        test.Context.Checkpoint(directory.Path);
        return directory;
    }

    internal sealed class TemporaryDirectory(string path, StreamingTestContext owner) : IDisposable
    {
        public string Path { get; } = path;

        public void Dispose()
        {
            owner.Dispose(); // stops the context, which finishes its checkpoint writes
            Directory.Delete(Path, recursive: true);
        }
    }
}
