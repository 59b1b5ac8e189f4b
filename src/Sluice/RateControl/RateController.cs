using Sluice.Monitoring;

namespace Sluice.RateControl;

/// <summary>Back-pressure for one receiver stream: feeds each completed batch to the estimator and applies the new rate.</summary>
internal sealed class RateController(int streamId, PidRateEstimator estimator, Action<double> applyRate) : IStreamingListener
{
    public void OnBatchCompleted(BatchInfo batch)
    {
        if (batch.InputRecords.TryGetValue(streamId, out var records)
            && batch.ProcessingDelay is { } processing
            && batch.SchedulingDelay is { } scheduling
            && estimator.Compute(batch.BatchTime, records, processing, scheduling) is { } rate)
        {
            applyRate(rate);
        }
    }
}
