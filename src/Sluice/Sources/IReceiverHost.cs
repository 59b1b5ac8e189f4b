using Microsoft.Extensions.Logging;

namespace Sluice.Sources;

/// <summary>
/// What a <see cref="Receiver{T}"/> calls on whatever runs it: the driver's supervisor (<c>local</c> masters), or an
/// executor's (receivers on executor processes).
/// </summary>
internal interface IReceiverHost<T>
{
    /// <summary>Whether the receiver runs: false from the moment stopping begins.</summary>
    bool IsReceiverStarted { get; }

    /// <summary>Where the receiver's own messages go.</summary>
    ILogger Logger { get; }

    void Store(T record);

    void StoreBlock(T[] records);

    /// <summary>
    /// Stores <paramref name="count"/> records given as their bytes, one after another as the default codec of
    /// <typeparamref name="T"/> writes them; they join the current block after what was stored before.
    /// </summary>
    void StoreEncoded(ReadOnlySpan<byte> records, int count);

    void ReportError(string message, Exception? error);

    void Restart(string message, Exception? error, TimeSpan? delay);

    void StopReceiver(string message, Exception? error, bool forGood);
}
