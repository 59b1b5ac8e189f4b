using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>What the recovery tests do alike: run a context to a time and read its output by batch time.</summary>
internal static class RecoveryRuns
{
    /// <summary>Runs batches until the clock reaches <paramref name="until"/>; returns each batch's sorted output.</summary>
    public static async Task<Dictionary<DateTimeOffset, string[]>> RunUntilAsync(StreamingTestContext test, OutputCollector<string> output, DateTimeOffset until)
    {
        while (test.Clock.GetUtcNow() < until)
        {
            await test.RunBatchesAsync(1);
        }

        return output.ByTime.ToDictionary(batch => batch.Time, batch => batch.Records.Order(StringComparer.Ordinal).ToArray());
    }
}
