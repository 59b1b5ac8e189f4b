using Sluice.Monitoring;

namespace Sluice.Mqtt.Tests;

/// <summary>Completes with where the first receiver started (its executor, on executor processes).</summary>
internal sealed class ReceiverStarted(TaskCompletionSource<string?> started) : IStreamingListener
{
    public void OnReceiverStarted(ReceiverInfo receiver) => started.TrySetResult(receiver.Location);
}
