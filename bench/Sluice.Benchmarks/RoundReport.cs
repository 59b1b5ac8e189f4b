using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>
/// Rows of the word count table from runs taken in rounds: every pipeline's time in round <c>i</c> is compared with
/// the yardsticks' times in the same round, and the table shows the median of those ratios beside the median time.
/// </summary>
/// <param name="bytes">The input's size, for MB/s.</param>
/// <param name="words">The words in the input, for words/s.</param>
/// <param name="loopTimes">The .NET loop's seconds, one per round.</param>
/// <param name="cTimes">The C loop's seconds, one per round; null when it did not run.</param>
internal sealed class RoundReport(long bytes, long words, IReadOnlyList<double> loopTimes, IReadOnlyList<double>? cTimes)
{
    /// <summary>Prints one row: <paramref name="times"/> and, when measured, <paramref name="allocated"/> bytes, one per round.</summary>
    public void Print(string name, int parallelism, IReadOnlyList<double> times, IReadOnlyList<double>? allocated)
    {
        var seconds = Medians.Of(times);
        var toLoop = Medians.Of([.. times.Select((time, round) => loopTimes[round] / time)]);
        var toC = cTimes is null ? double.NaN : Medians.Of([.. times.Select((time, round) => cTimes[round] / time)]);
        var perByte = allocated is null ? double.NaN : Medians.Of(allocated) / bytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {parallelism} | {seconds:F3} | {bytes / 1e6 / seconds:F1} | {words / seconds / 1e6:F2}M | {toLoop:F2} | {Optional(toC)} | {Optional(perByte)} |"));
    }

    private static string Optional(double value) => double.IsNaN(value) ? "-" : value.ToString("F2", CultureInfo.InvariantCulture);
}
