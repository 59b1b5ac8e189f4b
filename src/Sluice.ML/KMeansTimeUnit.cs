namespace Sluice.ML;

/// <summary>What streaming k-means' decay counts in, as Spark's <c>StreamingKMeans.BATCHES</c> and <c>POINTS</c>.</summary>
public enum KMeansTimeUnit
{
    /// <summary>The past counts <c>a</c> times less after each batch.</summary>
    Batches,

    /// <summary>The past counts <c>a</c> times less after each point: <c>a</c> to the power of the batch's points after a batch.</summary>
    Points,
}
