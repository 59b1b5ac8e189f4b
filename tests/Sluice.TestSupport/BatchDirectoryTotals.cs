using System.Globalization;

namespace Sluice.TestSupport;

/// <summary>What the word count's <c>--output dir:PATH</c> holds: a directory per batch of <c>(count,word)</c> lines.</summary>
public static class BatchDirectoryTotals
{
    /// <summary>The counts per word in the batch directories under <paramref name="output"/> now.</summary>
    /// <exception cref="InvalidOperationException">A batch directory is visible but not complete: a partial batch shows.</exception>
    public static Dictionary<string, long> Of(string output)
    {
        var totals = new Dictionary<string, long>();
        if (!Directory.Exists(output))
        {
            return totals;
        }

        foreach (var batch in Directory.GetDirectories(output).Where(path => !Path.GetFileName(path).StartsWith('.')))
        {
            string[] lines;
            try
            {
                if (!File.Exists(Path.Combine(batch, "_SUCCESS")) && Directory.Exists(batch))
                {
                    throw new InvalidOperationException($"{batch} is visible but not complete");
                }

                lines = [.. Directory.GetFiles(batch, "part-*").SelectMany(File.ReadAllLines)];
            }
            catch (IOException)
            {
                continue; // a replayed batch moved its old directory aside just now: counted once the new one is in
            }

            foreach (var line in lines)
            {
                var comma = line.IndexOf(',', StringComparison.Ordinal); // (count,word)
                var word = line[(comma + 1)..^1];
                totals[word] = totals.GetValueOrDefault(word) + long.Parse(line[1..comma], CultureInfo.InvariantCulture);
            }
        }

        return totals;
    }
}
