using Sluice.Datasets;
using Sluice.Driver;
using Sluice.Execution;

namespace Sluice;

public sealed partial class StreamingContext
{
    /// <summary>Starts generating a batch every interval. The first batch time is the next multiple of the interval.</summary>
    /// <exception cref="InvalidOperationException">The context was stopped, the graph has no output operation, or a stateful operator has no checkpoint directory.</exception>
    public void Start()
    {
        lock (_lifecycle)
        {
            switch (State)
            {
                case StreamingState.Active:
                    StreamingLog.AlreadyStarted(_logger); // as Spark: starting a started context changes nothing, but says so
                    return;
                case StreamingState.Stopped:
                    throw new InvalidOperationException("The StreamingContext has already been stopped; a stopped context cannot be started again. Create a new one.");
            }

            var clock = Options.TimeProvider;
            var intervalMs = (long)BatchInterval.TotalMilliseconds;
            var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var firstBatch = DateTimeOffset.FromUnixTimeMilliseconds(((nowMs / intervalMs) + 1) * intervalMs);
            var zeroTime = firstBatch - BatchInterval;
            IReadOnlyList<DateTimeOffset> earlier = [];
            CheckWorkersForReceivers();
            CheckCheckpointDirectory();
            if (Resume() is { } resume)
            {
                (zeroTime, firstBatch, earlier) = resume;
            }

            Graph.Start(zeroTime);
            StartCheckpointing(zeroTime);

            _driver = new StreamingDriver(
                Graph, Options, BatchInterval, _checkpointWriter, _listeners, Options.BatchFailurePolicy == BatchFailurePolicy.StopContext, OnBatchFailed, _logger);
            State = StreamingState.Active;
            _metrics.Start();
            Receivers.StartAll();
            _driver.Start(firstBatch, earlier);
            if (Options.StopGracefullyOnShutdown)
            {
                _signalShutdown = new SignalShutdown(() => Stop(stopGracefully: true), _logger);
            }

            StreamingLog.Started(_logger, BatchInterval, firstBatch);
            var started = clock.GetUtcNow();
            _listeners.Post(listener => listener.OnStreamingStarted(started));
        }
    }

    /// <summary>
    /// Stops the context. Receivers stop first. Gracefully: batches go on until every record received has been
    /// taken by a batch, and every batch generated completes. Otherwise: running jobs are cancelled and queued
    /// ones dropped. Either way the worker threads end.
    /// </summary>
    /// <param name="stopGracefully">Whether to finish the batches already generated.</param>
    /// <exception cref="InvalidOperationException">A graceful stop was asked from inside an output operation, which would wait for itself.</exception>
    public void Stop(bool stopGracefully = false) => Stop(stopGracefully, CancellationToken.None);

    /// <summary>
    /// Stops the context as <see cref="Stop(bool)"/> does, on another thread. A graceful stop that is still waiting
    /// for batches when <paramref name="cancellationToken"/> is cancelled (a host's shutdown timeout) becomes an
    /// immediate one: the batches still running are cancelled, said in a warning, and run again from the checkpoint
    /// at the next start.
    /// </summary>
    /// <param name="stopGracefully">Whether to finish the batches already generated.</param>
    /// <param name="cancellationToken">Cuts a graceful stop short.</param>
    /// <returns>Completes when the context has stopped.</returns>
    /// <exception cref="InvalidOperationException">A graceful stop was asked from inside an output operation, which would wait for itself.</exception>
    public Task StopAsync(bool stopGracefully = true, CancellationToken cancellationToken = default)
    {
        ThrowIfGracefulStopInsideAnOutput(stopGracefully);
        return Task.Run(() => Stop(stopGracefully, cancellationToken), CancellationToken.None);
    }

    private void ThrowIfGracefulStopInsideAnOutput(bool stopGracefully)
    {
        if (stopGracefully && _driver?.IsRunnerThread == true)
        {
            throw new InvalidOperationException(
                "Stop(stopGracefully: true) was called from inside an output operation, where it would wait for its own batch. Call Stop() (not graceful) there, or stop from another thread.");
        }
    }

    private void Stop(bool stopGracefully, CancellationToken giveUp)
    {
        ThrowIfGracefulStopInsideAnOutput(stopGracefully);
        lock (_lifecycle)
        {
            if (State == StreamingState.Stopped)
            {
                return;
            }

            _signalShutdown?.Dispose();
            _stopping.Cancel();
            if (State == StreamingState.Active)
            {
                // Receivers first: their last records become blocks, and their worker threads are freed.
                Receivers.StopAll();

                // Every received block must be taken by a batch, which the still-running timer generates; then
                // every batch generated must complete. Either wait may be given up.
                var graceful = stopGracefully && Receivers.WaitUntilAllTaken(giveUp);
                graceful = _driver!.StopGenerating(drain: graceful, giveUp) && graceful;
                DateTimeOffset? last = null;
                graceful = graceful && _driver.WaitForIdle(giveUp, out last);
                if (graceful)
                {
                    if (last is { } newest)
                    {
                        // Every operator's state as of the last batch, so a restart needs no input from before it.
                        _checkpointWriter?.FinalCheckpoint(newest);
                    }
                }
                else
                {
                    if (stopGracefully)
                    {
                        StreamingLog.GracefulStopCutShort(_logger);
                    }

                    // Cancel running jobs first, so the runners do not wait for them to finish; their errors are
                    // the stop's doing, not failed batches, and their batches never complete.
                    _driver.Abandon();
                    SluiceContext.Dispose();
                }

                _driver.Shutdown();

                // Every completed batch has queued its checkpoint; the last one is the final checkpoint.
                _checkpointWriter?.CompleteAsync().GetAwaiter().GetResult();
                StreamingLog.Stopped(_logger, graceful ? "gracefully" : "immediately");
            }

            // Also for a context stopped before it started: a web UI or a Kafka consumer may be up already.
            IDisposable[] resources;
            lock (StopResources)
            {
                resources = [.. StopResources];
                StopResources.Clear();
            }

            foreach (var resource in resources)
            {
                resource.Dispose();
            }

            ReleaseCheckpointLock();
            SluiceContext.Dispose();
            _listeners.Stop(); // the events of the last batches reach the listeners before Stop returns
            _metrics.Stop();
            State = StreamingState.Stopped;
        }

        if (_error is { } error)
        {
            _termination.TrySetException(error);
        }
        else
        {
            _termination.TrySetResult();
        }
    }

    /// <summary>Blocks until the context stops; rethrows the error that stopped it, if any.</summary>
    /// <exception cref="JobFailedException">A batch failed under <see cref="BatchFailurePolicy.StopContext"/> (or another error stopped it).</exception>
    public void AwaitTermination() => AwaitTermination(Timeout.InfiniteTimeSpan);

    /// <summary>Blocks until the context stops or <paramref name="timeout"/> passes; rethrows the error that stopped it, if any.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <returns>True if the context stopped, false on timeout.</returns>
    public bool AwaitTermination(TimeSpan timeout)
    {
        // A blocking wait is this method's purpose (Spark's awaitTerminationOrTimeout); the wait handle blocks
        // without the sync-over-async pitfalls of Task.Wait, and GetResult below only runs on a completed task.
        if (!((IAsyncResult)_termination.Task).AsyncWaitHandle.WaitOne(timeout))
        {
            return false;
        }

        _termination.Task.GetAwaiter().GetResult();
        return true;
    }

    /// <summary>Completes when the context stops; faults with the error that stopped it, if any.</summary>
    /// <param name="cancellationToken">Stops waiting (the context keeps running).</param>
    public Task AwaitTerminationAsync(CancellationToken cancellationToken = default)
        => _termination.Task.WaitAsync(cancellationToken);

    /// <summary>Stops the context at once if it is running (as <c>Stop(false)</c>).</summary>
    public void Dispose() => Stop(stopGracefully: false);

    /// <summary>A batch failed under <see cref="BatchFailurePolicy.StopContext"/>: called on the driver's loop, which stops generating.</summary>
    private void OnBatchFailed(JobSet set)
    {
        // Stop from another thread: Stop joins the driver's loop and the job runners. AwaitTermination rethrows the error.
        Interlocked.CompareExchange(ref _error, set.ToBatchInfo().Failure, null);
        _ = Task.Run(() => Stop(stopGracefully: false));
    }

    private void CheckCheckpointDirectory()
    {
        if (Options.ReceiverWriteAheadLog && Receivers.Count > 0 && CheckpointDirectory is null)
        {
            throw new InvalidOperationException(
                "ReceiverWriteAheadLog is on but the checkpoint directory has not been set: the log lives there. Call Checkpoint(directory) on the context before Start().");
        }

        var stateful = Graph.Operators.Where(op => op.NeedsCheckpoint).Select(op => op.Identity).ToList();
        if (stateful.Count > 0 && CheckpointDirectory is null)
        {
            throw new InvalidOperationException(
                $"The checkpoint directory has not been set, and {string.Join(", ", stateful)} keep{(stateful.Count == 1 ? "s" : "")} state across batches. Call Checkpoint(directory) on the context before Start().");
        }
    }
}
