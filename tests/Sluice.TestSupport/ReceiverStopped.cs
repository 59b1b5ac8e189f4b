using Sluice.Monitoring;

namespace Sluice.TestSupport;

/// <summary>Completes with why the first receiver to stop stopped (its last error message).</summary>
public sealed class ReceiverStopped(TaskCompletionSource<string?> stopped) : IStreamingListener
{
    public void OnReceiverStopped(ReceiverInfo receiver) => stopped.TrySetResult(receiver.LastErrorMessage);
}
