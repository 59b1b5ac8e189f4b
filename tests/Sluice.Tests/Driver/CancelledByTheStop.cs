using Sluice.Datasets;

namespace Sluice.Tests.Driver;

/// <summary>The body of a job that runs until a stop cancels it, as a job reading a slow peer would.</summary>
internal static class CancelledByTheStop
{
    /// <summary>
    /// Says it has started, then waits until the stop has cancelled the jobs (the dataset engine is disposed after
    /// the runners are told to abandon theirs), and ends as a cancelled job does.
    /// </summary>
    public static void Run(SluiceContext sluice, SemaphoreSlim started)
    {
        started.Release();
        SpinWait.SpinUntil(() => sluice.IsDisposed);
        throw new OperationCanceledException("cancelled by the stop");
    }
}
