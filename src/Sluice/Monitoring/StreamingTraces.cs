using System.Diagnostics;
using System.Globalization;

namespace Sluice.Monitoring;

/// <summary>
/// Spans of completed batches on <see cref="SluiceTracing"/>: written when a batch completes, from the times the
/// batch recorded (the context's clock), so they cost the batches nothing and nothing is written when nobody listens.
/// </summary>
internal sealed class StreamingTraces(string appName) : IStreamingListener
{
    public void OnBatchCompleted(BatchInfo batch)
    {
        if (!SluiceTracing.Source.HasListeners())
        {
            return;
        }

        var previous = Activity.Current;
        try
        {
            using var span = SluiceTracing.Source.CreateActivity("sluice.batch", ActivityKind.Internal, parentContext: default);
            if (span is null)
            {
                return;
            }

            span.SetStartTime(batch.SubmissionTime.UtcDateTime);
            span.SetTag("sluice.app", appName);
            span.SetTag("sluice.batch.time", batch.BatchTime.ToString("O", CultureInfo.InvariantCulture));
            span.SetTag("sluice.batch.records", batch.NumRecords);
            span.Start();
            foreach (var operation in batch.OutputOperations.Values.OrderBy(operation => operation.Id))
            {
                Job(span, operation);
            }

            if (batch.Failure is { } failure)
            {
                span.SetStatus(ActivityStatusCode.Error, failure.Message);
            }

            span.SetEndTime((batch.ProcessingEndTime ?? batch.SubmissionTime).UtcDateTime);
            span.Stop();
        }
        finally
        {
            Activity.Current = previous; // the listener thread carries no span of a batch into the next event
        }
    }

    private static void Job(Activity batch, OutputOperationInfo operation)
    {
        if (operation.StartTime is not { } start)
        {
            return;
        }

        using var span = SluiceTracing.Source.CreateActivity("sluice.job", ActivityKind.Internal, batch.Context);
        if (span is null)
        {
            return;
        }

        span.SetStartTime(start.UtcDateTime);
        span.SetTag("sluice.operation", operation.Name);
        span.SetTag("sluice.operation.id", operation.Id);
        span.SetTag("sluice.operator", operation.StreamIdentity);
        span.Start();
        if (operation.Failure is { } failure)
        {
            span.SetStatus(ActivityStatusCode.Error, failure.Message);
        }

        span.SetEndTime((operation.EndTime ?? start).UtcDateTime);
        span.Stop(); // the batch's span is current again
    }
}
