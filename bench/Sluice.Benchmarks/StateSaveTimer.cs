using System.Buffers;
using System.Diagnostics;
using Sluice.Checkpointing;
using Sluice.Serialization;
using Sluice.Stateful;

namespace Sluice.Benchmarks;

/// <summary>
/// What one periodic save of <c>long</c> state costs on its own, with nothing else running: the steps the
/// checkpoint writer takes (serialize each partition's pinned base into its reused buffer inside the file's
/// envelope, write the file and read it back, delete the save before last as retention does), timed in process CPU
/// and wall time; with <c>verify</c> false, the file is written and not read back, to tell what the reading costs.
/// </summary>
internal static class StateSaveTimer
{
    /// <returns>The median CPU and wall milliseconds of one save of <paramref name="keys"/> keys in two partitions.</returns>
    public static async Task<(double CpuMs, double WallMs)> MeasureAsync(int keys, int saves, bool verify = true)
    {
        var tables = Enumerable.Range(0, 2).Select(partition =>
        {
            var table = new StateTable<long, long>();
            table.Initialize(1, Enumerable.Range(0, keys).Where(key => key % 2 == partition).Select(key => ((long)key, (long)key)));
            return table;
        }).ToList();
        var buffers = tables.Select(_ => new ArrayBufferWriter<byte>()).ToList();
        var directory = Directory.CreateTempSubdirectory("sluice-bench-save-").FullName;
        try
        {
            var storage = new LocalCheckpointStorage(directory);
            var checkpoints = new CheckpointDirectory(storage, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            var cpu = new List<double>();
            var wall = new List<double>();
            for (var save = 0; save < saves; save++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                for (var partition = 0; partition < tables.Count; partition++)
                {
                    var (table, buffer) = (tables[partition], buffers[partition]);
                    buffer.ResetWrittenCount();
                    table.Pin();
                    CheckpointFile.Build(CheckpointFileKind.State, payload => StateTableSerializer.Write(table, 1, RecordCodecs.Default<long>(), RecordCodecs.Default<long>(), payload), buffer);
                    table.Unpin();
                    await (verify
                        ? checkpoints.WriteVerifiedAsync($"state-{partition}-{save}", buffer.WrittenMemory)
                        : storage.WriteAsync($"state-{partition}-{save}", buffer.WrittenMemory));
                    if (save >= 2)
                    {
                        await storage.DeleteAsync($"state-{partition}-{save - 2}");
                    }
                }

                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
                wall.Add(watch.Elapsed.TotalMilliseconds);
            }

            cpu.Sort();
            wall.Sort();
            return (cpu[cpu.Count / 2], wall[wall.Count / 2]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
