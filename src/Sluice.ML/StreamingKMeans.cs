using Sluice.Streams;

namespace Sluice.ML;

/// <summary>
/// Mini-batch k-means on a stream, as Spark's <c>StreamingKMeans</c>: each batch of <see cref="TrainOn"/>'s stream
/// moves the centers toward the batch's points, the past weighing <see cref="DecayFactor"/> times less after each
/// batch (or point); <see cref="PredictOn"/> assigns another stream's points to the latest model's clusters.
/// </summary>
/// <example>
/// <code>
/// var kmeans = new StreamingKMeans { K = 3 }.SetDecayFactor(1.0).SetRandomCenters(dimensions: 2, weight: 0.0, seed: 42);
/// kmeans.TrainOn(training);
/// kmeans.PredictOnValues(test.Map(point => (point.Label, point.Features))).Print();
/// </code>
/// </example>
public sealed class StreamingKMeans
{
    private KMeansModel? _initial;
    private BatchFold<KMeansModel>? _trained;

    /// <summary>How many clusters. Default 2.</summary>
    public int K { get; init; } = 2;

    /// <summary>
    /// How much the past counts after each <see cref="TimeUnit"/>: 1 keeps all of it (the centers are the means of
    /// every point so far), 0 only the last batch. Default 1.
    /// </summary>
    public double DecayFactor { get; private set; } = 1.0;

    /// <summary>What the decay counts in. Default <see cref="KMeansTimeUnit.Batches"/>.</summary>
    public KMeansTimeUnit TimeUnit { get; private set; } = KMeansTimeUnit.Batches;

    /// <summary>The model as of the last batch trained on (or restored from a checkpoint); the initial one before.</summary>
    /// <exception cref="InvalidOperationException">No initial centers were set.</exception>
    public KMeansModel LatestModel => _trained?.Value ?? _initial ?? throw new InvalidOperationException("Streaming k-means has no model yet: call SetRandomCenters or SetInitialCenters first.");

    /// <summary>Raised on the driver after each batch trained on, with the batch's time, its cost against the model before the update, how many points it had, and the new model (for dashboards).</summary>
    public event Action<DateTimeOffset, double, long, KMeansModel>? Trained;

    /// <summary>Sets the decay: the past counts <paramref name="decayFactor"/> times less after each <paramref name="timeUnit"/>.</summary>
    /// <param name="decayFactor">From 0 (the last batch only) to 1 (all history).</param>
    /// <param name="timeUnit">Batches or points.</param>
    /// <returns>This.</returns>
    public StreamingKMeans SetDecayFactor(double decayFactor, KMeansTimeUnit timeUnit = KMeansTimeUnit.Batches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decayFactor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decayFactor, 1.0);
        (DecayFactor, TimeUnit) = (decayFactor, timeUnit);
        return this;
    }

    /// <summary>Sets the decay by a half-life: after <paramref name="halfLife"/> batches (or points), the past counts half (Spark's <c>setHalfLife</c>).</summary>
    /// <param name="halfLife">Batches or points, more than 0.</param>
    /// <param name="timeUnit">Batches or points.</param>
    /// <returns>This.</returns>
    public StreamingKMeans SetHalfLife(double halfLife, KMeansTimeUnit timeUnit = KMeansTimeUnit.Batches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, 0);
        return SetDecayFactor(Math.Exp(Math.Log(0.5) / halfLife), timeUnit);
    }

    /// <summary>Starts from <see cref="K"/> random centers, each coordinate drawn from a standard normal distribution, each with <paramref name="weight"/>.</summary>
    /// <param name="dimensions">How many dimensions the points have.</param>
    /// <param name="weight">Each center's weight: how many points it stands for at the start.</param>
    /// <param name="seed">The random seed, for a run that can be repeated.</param>
    /// <returns>This.</returns>
    public StreamingKMeans SetRandomCenters(int dimensions, double weight, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(K, 1, nameof(K));
        var random = new Random(seed);
        var centers = Enumerable.Range(0, K).Select(_ => Vectors.Dense([.. Enumerable.Range(0, dimensions).Select(_ => Gaussian(random))])).ToList();
        _initial = new KMeansModel(centers, [.. Enumerable.Repeat(weight, K)]);
        return this;
    }

    /// <summary>Starts from the centers given, each with its weight.</summary>
    /// <param name="centers">As many centers as <see cref="K"/>.</param>
    /// <param name="weights">Each center's weight.</param>
    /// <returns>This.</returns>
    public StreamingKMeans SetInitialCenters(IReadOnlyList<Vector> centers, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(centers);
        if (centers.Count != K)
        {
            throw new ArgumentException($"Streaming k-means has K = {K} clusters, and {centers.Count} centers were given.", nameof(centers));
        }

        _initial = new KMeansModel(centers, weights);
        return this;
    }

    /// <summary>Starts from <paramref name="model"/> (one recovered, or trained elsewhere).</summary>
    /// <param name="model">A model of <see cref="K"/> centers.</param>
    /// <returns>This.</returns>
    public StreamingKMeans SetModel(KMeansModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return SetInitialCenters(model.ClusterCenters, model.ClusterWeights);
    }

    /// <summary>
    /// Updates the model with each batch of <paramref name="data"/>: the points are assigned in tasks, and the centers
    /// move on the driver. The model is the operator's state: saved with every checkpoint and restored by
    /// <c>GetOrCreate</c>, so a restarted application goes on from it.
    /// </summary>
    /// <param name="data">The training points.</param>
    /// <param name="name">The training operator's name, its identity in checkpoints; give each model of an application its own.</param>
    /// <exception cref="InvalidOperationException">No initial centers were set, or the model is trained on a stream already.</exception>
    public void TrainOn(DStream<Vector> data, string name = "streamingKMeans")
    {
        ArgumentNullException.ThrowIfNull(data);
        var initial = LatestModel;
        if (_trained is not null)
        {
            throw new InvalidOperationException("This streaming k-means is trained on a stream already; train another instance on the other stream.");
        }

        var (decay, unit) = (DecayFactor, TimeUnit);
        _trained = data.FoldBatches(name, initial, (rdd, time, model) =>
        {
            var batch = rdd.MapPartitions(points => (IEnumerable<ClusterStats>)[ClusterStats.Of(model, points)]).Collect()
                .Aggregate(new ClusterStats(model.K, model.Dimensions), (all, partition) => all.Merge(partition));
            var updated = model.Update(batch, decay, unit);
            Trained?.Invoke(time, batch.Cost, batch.Points, updated);
            return updated;
        });
    }

    /// <summary>The cluster of each point of <paramref name="data"/>, by the latest model when its batch is computed.</summary>
    /// <param name="data">The points.</param>
    /// <returns>Their clusters' indices.</returns>
    public DStream<int> PredictOn(DStream<Vector> data)
        => LatestModelPredictions.Of(data, () => LatestModel, static (KMeansModel model, Vector point) => model.Predict(point));

    /// <summary>The cluster of each pair's point, with its key, by the latest model when its batch is computed.</summary>
    /// <typeparam name="TKey">The key type (a label, an id).</typeparam>
    /// <param name="data">Keyed points.</param>
    /// <returns>Each key with its point's cluster.</returns>
    public DStream<(TKey Key, int Cluster)> PredictOnValues<TKey>(DStream<(TKey Key, Vector Point)> data)
        => LatestModelPredictions.Of(data, () => LatestModel, static (KMeansModel model, (TKey Key, Vector Point) pair) => (pair.Key, model.Predict(pair.Point)));

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
