using Microsoft.Extensions.Logging;
using Sluice.Serialization;

namespace Sluice.Sources;

/// <summary>
/// A source that pushes records into Sluice, as Spark's <c>Receiver</c>: the way to read from a system that
/// sends data rather than being asked for a range. Create one per input stream with
/// <see cref="StreamingContext.ReceiverStream{T}"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <remarks>
/// <para><see cref="OnStart"/> must not block: start a thread or task that reads and calls <see cref="Store(T)"/>
/// until <see cref="IsStopped"/> turns true. <see cref="OnStop"/> releases what <see cref="OnStart"/> acquired.</para>
/// <para>Records given to <see cref="Store(T)"/> are gathered into a block every block interval; each block becomes
/// a partition of the batch that takes it. When the source fails, call <see cref="Restart"/>: the receiver is
/// stopped and started again after the restart delay, for as long as the context runs. Each receiver occupies one
/// worker thread while the context runs.</para>
/// <para>On executor processes (cluster masters) the receiver runs on an executor, one slot each: it travels there
/// as bytes, as a task does, so its fields must be able to travel (connections and threads are opened in
/// <see cref="OnStart"/>, not in the constructor).</para>
/// </remarks>
public abstract class Receiver<T>
{
    private volatile IReceiverHost<T>? _supervisor;

    /// <summary>The input stream's id, set when the stream is created.</summary>
    public int StreamId { get; internal set; }

    /// <summary>Whether the receiver has been started and not stopped since.</summary>
    public bool IsStarted => _supervisor?.IsReceiverStarted == true;

    /// <summary>Whether the receiver is stopped (or stopping): reading threads should end.</summary>
    public bool IsStopped => _supervisor?.IsReceiverStarted != true;

    /// <summary>Starts receiving: open connections, start the reading thread. Must return quickly.</summary>
    public abstract void OnStart();

    /// <summary>Stops receiving: close what <see cref="OnStart"/> opened, so the reading thread ends.</summary>
    public abstract void OnStop();

    /// <summary>Stores one record; it joins the current block.</summary>
    /// <param name="record">The record.</param>
    /// <exception cref="InvalidOperationException">The receiver is not attached to a running context.</exception>
    public void Store(T record) => Supervisor.Store(record);

    /// <summary>
    /// Stores <paramref name="count"/> records already written with <see cref="RecordCodecs.Default{T}"/>; they join
    /// the current block and stay bytes until a task reads them. The engine's own text receivers store lines so.
    /// </summary>
    internal void StoreEncoded(ReadOnlySpan<byte> records, int count) => Supervisor.StoreEncoded(records, count);

    /// <summary>Stores several records as one block of their own, at once.</summary>
    /// <param name="records">The records.</param>
    public void Store(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Supervisor.StoreBlock([.. records]);
    }

    /// <summary>
    /// Stores serialized records as one block of their own, at once: <paramref name="serialized"/> holds whole
    /// records one after another, as <paramref name="codec"/> writes them.
    /// </summary>
    /// <param name="serialized">The records' bytes.</param>
    /// <param name="codec">How the records were written; <see cref="RecordCodecs.Default{T}"/> when omitted.</param>
    /// <exception cref="FormatException">The bytes are not whole records of <paramref name="codec"/>; nothing is stored.</exception>
    /// <remarks>Spark's <c>store(ByteBuffer)</c>. Not an overload of <c>Store</c>: a collection expression such as
    /// <c>Store([1, 2])</c> would bind to a span of bytes.</remarks>
    public void StoreSerialized(ReadOnlySpan<byte> serialized, IRecordCodec<T>? codec = null)
    {
        codec ??= RecordCodecs.Default<T>();
        var records = new List<T>();
        var total = serialized.Length;
        while (!serialized.IsEmpty)
        {
            var offset = total - serialized.Length;
            try
            {
                records.Add(codec.Read(ref serialized));
            }
            catch (FormatException error)
            {
                throw new FormatException(
                    $"Receiver {GetType().Name} of stream {StreamId}: record {records.Count} at byte {offset} of a block of {total} bytes could not be read, so the block was not stored. {error.Message}",
                    error);
            }
        }

        Supervisor.StoreBlock([.. records]);
    }

    /// <summary>Reports an error without stopping: listeners see it and it is logged.</summary>
    /// <param name="message">What went wrong, and where.</param>
    /// <param name="error">The exception, if any.</param>
    public void ReportError(string message, Exception? error = null) => Supervisor.ReportError(message, error);

    /// <summary>Stops the receiver and starts it again after <paramref name="delay"/> (the context's restart delay by default).</summary>
    /// <param name="message">Why, for logs and listeners.</param>
    /// <param name="error">The exception that caused it, if any.</param>
    /// <param name="delay">How long to wait before starting again.</param>
    public void Restart(string message, Exception? error = null, TimeSpan? delay = null) => Supervisor.Restart(message, error, delay);

    /// <summary>Stops the receiver for good; the context keeps running without it.</summary>
    /// <param name="message">Why, for logs and listeners.</param>
    /// <param name="error">The exception that caused it, if any.</param>
    public void Stop(string message, Exception? error = null) => Supervisor.StopReceiver(message, error, forGood: true);

    /// <summary>Where the receiver logs what a user should know (connected, subscribed): the driver's log, or the executor's that runs it.</summary>
    /// <exception cref="InvalidOperationException">The receiver is not attached to a running context.</exception>
    protected ILogger Logger => Supervisor.Logger;

    internal void Attach(IReceiverHost<T> supervisor) => _supervisor = supervisor;

    private IReceiverHost<T> Supervisor
        => _supervisor ?? throw new InvalidOperationException("This receiver is not attached to a running streaming context.");
}
