namespace Sluice.Datasets;

/// <summary>Per-partition random sampling with a fixed seed, so a retried task samples the same records.</summary>
internal static class Sampler
{
    public static IEnumerable<T> Sample<T>(IEnumerable<T> records, bool withReplacement, double fraction, int seed)
    {
        var random = new Random(seed);
        foreach (var record in records)
        {
            var copies = withReplacement ? Poisson(random, fraction) : (random.NextDouble() < fraction ? 1 : 0);
            for (var i = 0; i < copies; i++)
            {
                yield return record;
            }
        }
    }

    /// <summary>A Poisson-distributed count with mean <paramref name="mean"/> (Knuth's method; means used here are small).</summary>
    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }
}
