using Sluice.Cli;
using Sluice.Monitoring;

namespace Sluice.Tests.Cli;

/// <summary>In a terminal, the status line is redrawn in place per batch and cleared before any result is written.</summary>
public sealed class ConsoleStatusLineTests
{
    private static BatchInfo Batch(int second, long records)
    {
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, second, TimeSpan.Zero);
        return new BatchInfo(time, time, time.AddMilliseconds(5), time.AddMilliseconds(25), new Dictionary<int, OutputOperationInfo>(), new Dictionary<int, long> { [0] = records });
    }

    [Fact]
    public void TheStatusLine_IsRedrawnInPlace_AndClearedBeforeResults()
    {
        var results = new StringWriter();
        var status = new StringWriter();
        var console = new ConsoleStatusLine(results, status);

        console.OnBatchCompleted(Batch(1, 1500));
        console.WriteLine("(3,the)");
        console.WriteLine("(2,fox)");
        console.OnBatchCompleted(Batch(2, 20));

        Assert.Equal("(3,the)\n(2,fox)\n", results.ToString().ReplaceLineEndings("\n"));
        var drawn = status.ToString();
        Assert.StartsWith(ConsoleStatusLine.Clear + "batch ", drawn, StringComparison.Ordinal);
        Assert.Contains("1,500 records, scheduling delay 5 ms, processing 20 ms, total delay 25 ms; 1 batch completed" + ConsoleStatusLine.Clear + ConsoleStatusLine.Clear + "batch ", drawn, StringComparison.Ordinal);
        Assert.EndsWith("20 records, scheduling delay 5 ms, processing 20 ms, total delay 25 ms; 2 batches completed", drawn, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', drawn); // never a new line: the status stays one line
    }
}
