using System.Globalization;
using Sluice.Datasets;
using Sluice.Serialization;
using Sluice.Streams.Operators;

namespace Sluice.Streams;

public abstract partial class DStream<T>
{
    /// <summary>
    /// Prints the first <paramref name="count"/> records of every batch in Spark's layout: a header with the batch
    /// time in milliseconds, the records (tuples as <c>(a,b)</c>), and <c>...</c> when there are more.
    /// </summary>
    /// <param name="count">How many records per batch; default 10.</param>
    public void Print(int count = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var output = Context.Options.Out;
        _ = new ForEachDStream<T>(this, "print", (rdd, time) =>
        {
            var first = rdd.Take(count + 1);
            var writer = output ?? Console.Out;
            lock (writer)
            {
                writer.WriteLine("-------------------------------------------");
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Time: {time.ToUnixTimeMilliseconds()} ms"));
                writer.WriteLine("-------------------------------------------");
                foreach (var record in first.Take(count))
                {
                    writer.WriteLine(RecordFormatter.Format(record));
                }

                if (first.Length > count)
                {
                    writer.WriteLine("...");
                }

                writer.WriteLine();
                writer.Flush();
            }
        });
    }

    /// <summary>Runs <paramref name="output"/> on every batch's dataset, on the driver: the general output operation.</summary>
    /// <param name="output">Receives the batch's dataset; run actions on it to do work.</param>
    public void ForeachRdd(Action<Rdd<T>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ = new ForEachDStream<T>(this, "foreachRdd", (rdd, _) => output(rdd));
    }

    /// <summary>Runs <paramref name="output"/> on every batch's dataset and time, on the driver.</summary>
    /// <param name="output">Receives the batch's dataset and time.</param>
    public void ForeachRdd(Action<Rdd<T>, DateTimeOffset> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ = new ForEachDStream<T>(this, "foreachRdd", output);
    }

    /// <summary>
    /// Folds every batch's dataset into a value kept on the driver, in batch order: <paramref name="fold"/> gets the
    /// batch's dataset (run actions on it to compute in tasks), its time and the value so far, and returns the next
    /// value. An output operation. The value is saved with every checkpoint and restored by a recovery, so a model
    /// trained batch by batch survives a restart: the batches run again fold into the value their checkpoint left, once
    /// each. With a checkpoint, the value is written with its codec (JSON unless one is given).
    /// </summary>
    /// <typeparam name="TState">The value's type.</typeparam>
    /// <param name="name">The operator's name, its identity in checkpoints; unique in the context.</param>
    /// <param name="initial">The value before any batch.</param>
    /// <param name="fold">Makes the next value from a batch and the value so far; runs on the driver.</param>
    /// <param name="codec">How the value is written to checkpoints; <see cref="RecordCodecs.Default{T}"/> when omitted.</param>
    /// <returns>The value, updated after each batch.</returns>
    /// <exception cref="ArgumentException">Another operator has <paramref name="name"/>.</exception>
    public BatchFold<TState> FoldBatches<TState>(string name, TState initial, Func<Rdd<T>, DateTimeOffset, TState, TState> fold, IRecordCodec<TState>? codec = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fold);
        Context.ThrowIfNotBuildable();
        return new FoldDStream<T, TState>(this, name, initial, fold, codec ?? RecordCodecs.Default<TState>()).Result;
    }

    /// <summary>
    /// Runs <paramref name="output"/> on every batch's dataset with the batch it belongs to: its time and what its inputs
    /// read, which an exactly-once output commits with its records (see <see cref="OutputBatch"/>). The output
    /// operation of connectors' sinks, named by <paramref name="kind"/> in the UI and in checkpoints.
    /// </summary>
    /// <param name="output">Receives the batch's dataset and the batch; runs on the driver.</param>
    /// <param name="kind">The operator kind, such as <c>toDatabase</c>; <c>foreachBatch</c> when omitted.</param>
    public void ForeachBatch(Action<Rdd<T>, OutputBatch> output, string kind = "foreachBatch")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var graph = Context.Graph;
        _ = new ForEachDStream<T>(this, kind, (rdd, time) => output(rdd, new OutputBatch(time, () => graph.PositionsOf(time))));
    }

    /// <summary>
    /// Saves every batch as a text directory named <c>prefix-TIME_IN_MS[.suffix]</c>, as
    /// <see cref="Rdd{T}.SaveAsTextFile(string)"/>: one file per partition, complete or absent. A batch run again
    /// after a recovery replaces its directory, so no batch's output appears twice.
    /// </summary>
    /// <param name="prefix">The path prefix, such as <c>out/counts</c>.</param>
    /// <param name="suffix">An optional suffix, such as <c>txt</c>.</param>
    public void SaveAsTextFiles(string prefix, string? suffix = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        // A batch run again after a recovery replaces the directory it wrote before the crash, never adds to it.
        _ = new ForEachDStream<T>(this, "saveAsTextFiles", (rdd, time) =>
            TextOutput.WriteDirectory(rdd, Path.GetFullPath(BatchFileName(prefix, suffix, time)), "saveAsTextFile", TextOutput.WritePart));
    }

    /// <summary>
    /// Saves every batch as the directory <c>directory/prefix-TIME_IN_MS</c> of at most <paramref name="files"/> part
    /// files in <paramref name="format"/> (text, JSON lines, CSV: see <see cref="Outputs.FileFormats"/>), written
    /// under a hidden name and renamed into place with a <c>_SUCCESS</c> marker, so a batch's directory appears
    /// complete or not at all. A batch run again after a recovery replaces its directory. The batch's partitions
    /// are coalesced into <paramref name="files"/> files (default 1), so a batch is not a heap of tiny files.
    /// </summary>
    /// <param name="directory">Where the batch directories go; created when missing.</param>
    /// <param name="format">How records become a file.</param>
    /// <param name="prefix">The start of each batch directory's name. Default <c>batch</c>.</param>
    /// <param name="files">The most part files per batch. Default 1.</param>
    public void SaveAsFiles(string directory, Outputs.IFileFormat<T> format, string prefix = "batch", int files = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(files, 1);
        _ = new ForEachDStream<T>(this, "saveAsFiles", (rdd, time) => TextOutput.WriteDirectory(
            rdd.PartitionCount > files ? rdd.Coalesce(files) : rdd,
            Path.GetFullPath(BatchFileName(Path.Combine(directory, prefix), null, time)),
            "saveAsFiles",
            (staging, partition, records) =>
            {
                using var file = new FileStream(Path.Combine(staging, string.Create(CultureInfo.InvariantCulture, $"part-{partition:D5}.{format.Extension}")), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
                format.Write(file, records);
            }));
    }

    internal static string BatchFileName(string prefix, string? suffix, DateTimeOffset time)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{time.ToUnixTimeMilliseconds()}");
        return string.IsNullOrEmpty(suffix) ? name : $"{name}.{suffix}";
    }
}
