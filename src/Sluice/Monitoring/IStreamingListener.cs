namespace Sluice.Monitoring;

/// <summary>
/// Receives the lifecycle events of a streaming context, as Spark's <c>StreamingListener</c>. Every method has an
/// empty default, so implement only what you need.
/// </summary>
/// <remarks>
/// Events of one context arrive one at a time, in order. A listener that throws is logged and does not affect
/// the batch; keep listeners quick, because they run on the scheduler's threads.
/// </remarks>
public interface IStreamingListener
{
    /// <summary>The context started; <paramref name="time"/> is the clock when it did.</summary>
    /// <param name="time">The start time.</param>
    void OnStreamingStarted(DateTimeOffset time)
    {
    }

    /// <summary>A batch's jobs were generated and queued.</summary>
    /// <param name="batch">The batch.</param>
    void OnBatchSubmitted(BatchInfo batch)
    {
    }

    /// <summary>A batch's first job started.</summary>
    /// <param name="batch">The batch.</param>
    void OnBatchStarted(BatchInfo batch)
    {
    }

    /// <summary>A batch's last job ended, successfully or not (see <see cref="BatchInfo.Failure"/>).</summary>
    /// <param name="batch">The batch.</param>
    void OnBatchCompleted(BatchInfo batch)
    {
    }

    /// <summary>An output operation's job started.</summary>
    /// <param name="operation">The operation.</param>
    void OnOutputOperationStarted(OutputOperationInfo operation)
    {
    }

    /// <summary>An output operation's job ended.</summary>
    /// <param name="operation">The operation.</param>
    void OnOutputOperationCompleted(OutputOperationInfo operation)
    {
    }

    /// <summary>A receiver started (or started again after a restart).</summary>
    /// <param name="receiver">The receiver's state.</param>
    void OnReceiverStarted(ReceiverInfo receiver)
    {
    }

    /// <summary>A receiver reported an error, or failed and is being restarted.</summary>
    /// <param name="receiver">The receiver's state, with the error.</param>
    void OnReceiverError(ReceiverInfo receiver)
    {
    }

    /// <summary>A receiver stopped.</summary>
    /// <param name="receiver">The receiver's state.</param>
    void OnReceiverStopped(ReceiverInfo receiver)
    {
    }

    /// <summary>
    /// A checkpoint was written after a batch, or could not be (it is tried again with the next batch, and the
    /// previous checkpoint stays the one a restart uses).
    /// </summary>
    /// <param name="checkpoint">The checkpoint and its health.</param>
    void OnCheckpoint(CheckpointInfo checkpoint)
    {
    }

    /// <summary>An input stream without a receiver could not read its source (a directory that does not exist, brokers that do not answer).</summary>
    /// <param name="input">The stream and what is wrong.</param>
    void OnInputError(InputErrorInfo input)
    {
    }
}
