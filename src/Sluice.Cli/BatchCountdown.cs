using Sluice.Monitoring;

namespace Sluice.Cli;

/// <summary>Completes <see cref="Reached"/> once the given number of batches have completed (for <c>--batches N</c>).</summary>
internal sealed class BatchCountdown(int batches) : IStreamingListener
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _completed;

    public Task Reached => _reached.Task;

    public void OnBatchCompleted(BatchInfo batch)
    {
        if (Interlocked.Increment(ref _completed) >= batches)
        {
            _reached.TrySetResult();
        }
    }
}
