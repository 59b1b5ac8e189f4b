using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sluice.Streams;

namespace Sluice.Database;

/// <summary>Database outputs for streams.</summary>
public static class DatabaseStreamExtensions
{
    /// <summary>
    /// An output operation that writes each batch's records to a database table, exactly once: the rows and the
    /// batch's identity (sink name, batch time and what the batch read, such as files or Kafka offset ranges, in
    /// the table <c>sluice_batches</c>, created when missing) are
    /// committed in one transaction, and a batch found there is skipped, so a batch replayed after a crash and a
    /// <see cref="StreamingContext.GetOrCreate(string, Func{StreamingContext}, bool)"/> recovery is not written twice. The batch's records are
    /// collected to the driver and written in one transaction: meant for results (counts, aggregates, top N),
    /// not raw firehoses.
    /// </summary>
    /// <param name="stream">The stream whose records are written.</param>
    /// <param name="sink">The connection, table, columns and mode.</param>
    /// <exception cref="ArgumentException">The sink's names or key are not usable.</exception>
    public static void ToDatabase<T>(this DStream<T> stream, DatabaseSink<T> sink)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sink);
        sink.Validate();
        var writer = new DatabaseBatchWriter<T>(sink, stream.Context.SluiceContext.LoggerFactory.CreateLogger("Sluice.Database"));
        stream.ForeachBatch((rdd, batch) => writer.Write(batch.Time, rdd.Collect(), PositionsOf(batch)), "toDatabase");
    }

    /// <summary>What the batch read, by input operator (files, Kafka offset ranges, logged blocks), as JSON: recorded with the batch.</summary>
    private static string PositionsOf(OutputBatch batch)
        => JsonSerializer.Serialize(batch.Sources.ToDictionary(source => source.Operator, source => source.Positions));
}
