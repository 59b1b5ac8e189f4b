namespace Sluice.Sources;

/// <summary>
/// A <see cref="Receiver{T}"/> whose work is one asynchronous loop, as a client library of a message broker wants
/// it: <see cref="ReceiveAsync"/> runs on a thread of its own from <see cref="OnStart"/>, and the token it is given
/// is cancelled by <see cref="OnStop"/>. A failure it throws restarts the receiver, reported in the words of
/// <see cref="DescribeFailure"/>; a failure while stopping is not one.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public abstract class AsyncReceiver<T> : Receiver<T>
{
    private CancellationTokenSource? _stopping;

    /// <summary>Starts <see cref="ReceiveAsync"/> on a thread of its own and returns.</summary>
    public sealed override void OnStart()
    {
        var stopping = new CancellationTokenSource();
        _stopping = stopping;
        new Thread(() => Run(stopping.Token)) { IsBackground = true, Name = $"sluice-{GetType().Name.Split('`')[0]}-{StreamId}" }.Start();
    }

    /// <summary>Cancels the token <see cref="ReceiveAsync"/> was given.</summary>
    public sealed override void OnStop() => _stopping?.Cancel();

    /// <summary>
    /// Receives until <paramref name="stopping"/> is cancelled, storing what arrives. Return when the work is over
    /// (after calling <see cref="Receiver{T}.Restart"/> or <see cref="Receiver{T}.Stop"/> yourself, for a cause you
    /// word); throw for a failure, and the receiver restarts.
    /// </summary>
    /// <param name="stopping">Cancelled when the receiver stops.</param>
    /// <returns>The work.</returns>
    protected abstract Task ReceiveAsync(CancellationToken stopping);

    /// <summary>
    /// What a failure <see cref="ReceiveAsync"/> threw means, in words, with what happens next (the receiver connects
    /// again), for the restart's report.
    /// </summary>
    /// <param name="error">The failure.</param>
    /// <returns>The report.</returns>
    protected abstract string DescribeFailure(Exception error);

    private void Run(CancellationToken stopping)
    {
        try
        {
            ReceiveAsync(stopping).GetAwaiter().GetResult();
        }
        catch (Exception) when (stopping.IsCancellationRequested || IsStopped)
        {
            // Stopping, or stopped while a block was being stored: what was not acknowledged is the source's to send again.
        }
        catch (Exception error)
        {
            Restart(DescribeFailure(error), error);
        }
    }
}
