using System.Runtime.InteropServices;

namespace Sluice.Benchmarks;

/// <summary>
/// The hand-written single-threaded word count the engine is measured against: split on spaces, count in one
/// dictionary with a single lookup per word, take the top 10. What a careful developer writes without an engine.
/// </summary>
internal static class WordCountYardstick
{
    public static KeyValuePair<string, int>[] TopWords(IReadOnlyList<string> lines, int top)
    {
        var counts = new Dictionary<string, int>();
        foreach (var line in lines)
        {
            foreach (var word in line.Split(' '))
            {
                if (word.Length > 0)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
                }
            }
        }

        return [.. counts.OrderByDescending(pair => pair.Value).Take(top)];
    }
}
