using Sluice.Monitoring;

namespace Sluice.TestSupport;

/// <summary>Completes with where the first receiver started (its executor, on executor processes).</summary>
public sealed class ReceiverStarted(TaskCompletionSource<string?> started) : IStreamingListener
{
    public void OnReceiverStarted(ReceiverInfo receiver) => started.TrySetResult(receiver.Location);
}
