using System.Numerics.Tensors;
using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.ML;

/// <summary>
/// A linear model trained on a stream with mini-batch stochastic gradient descent, as Spark's
/// <c>StreamingLinearAlgorithm</c>: the weights are carried from batch to batch, each batch runs
/// <see cref="NumIterations"/> steps from them, and another stream is predicted with the latest model.
/// </summary>
/// <typeparam name="TModel">The model trained.</typeparam>
public abstract class StreamingLinearAlgorithm<TModel>
    where TModel : LinearModel
{
    /// <summary>
    /// The most features least squares sums as products: their matrix, 130 by 130, is 135 kB per task. Past
    /// 4·<see cref="NumIterations"/> features, a point's products (about features²/2) cost more than its steps (about 2·features each).
    /// </summary>
    private const int MaxFeaturesBySums = 128;

    private TModel? _initial;
    private BatchFold<TModel>? _trained;

    /// <summary>The step size of the first iteration of each batch; iteration <c>i</c> takes <c>StepSize / √i</c>. Default 0.1.</summary>
    public double StepSize { get; set; } = 0.1;

    /// <summary>Gradient steps per batch. Default 50.</summary>
    public int NumIterations { get; set; } = 50;

    /// <summary>The fraction of a batch's points each step samples. Default 1 (all).</summary>
    public double MiniBatchFraction { get; set; } = 1.0;

    /// <summary>L2 regularization: each step shrinks the weights by <c>step · RegParam</c> (not the intercept). Default 0.</summary>
    public double RegParam { get; set; }

    /// <summary>Whether an intercept is fitted (a constant feature of 1). Default <see langword="false"/>, as in Spark.</summary>
    public bool Intercept { get; set; }

    /// <summary>A batch's steps stop once the weights move less than this, relative to their size. Default 0.001.</summary>
    public double ConvergenceTolerance { get; set; } = 0.001;

    /// <summary>The model as of the last batch trained on (or restored from a checkpoint); the initial one before.</summary>
    /// <exception cref="InvalidOperationException">No initial weights were set.</exception>
    public TModel LatestModel => _trained?.Value ?? _initial ?? throw new InvalidOperationException($"{GetType().Name} has no model yet: call SetInitialWeights first.");

    /// <summary>Raised on the driver after each batch trained on, with the batch's time, its error against the model before the update (mean squared error, or the fraction misclassified), how many points it had, and the new model.</summary>
    public event Action<DateTimeOffset, double, long, TModel>? Trained;

    /// <summary>Whether the model is logistic (log loss) rather than least squares.</summary>
    private protected abstract bool Logistic { get; }

    /// <summary>Starts from <paramref name="weights"/> (and an intercept of 0): they say how many features points have.</summary>
    /// <param name="weights">One weight per feature; zeros are a usual start.</param>
    /// <param name="intercept">The starting intercept, when one is fitted.</param>
    /// <returns>This.</returns>
    public StreamingLinearAlgorithm<TModel> SetInitialWeights(Vector weights, double intercept = 0)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(NumIterations, 1, nameof(NumIterations));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StepSize, 0, nameof(StepSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MiniBatchFraction, 0, nameof(MiniBatchFraction));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MiniBatchFraction, 1, nameof(MiniBatchFraction));
        ArgumentOutOfRangeException.ThrowIfNegative(RegParam, nameof(RegParam));
        _initial = CreateModel(weights, intercept);
        return this;
    }

    /// <summary>Starts from <paramref name="model"/> (one recovered, or trained elsewhere).</summary>
    /// <param name="model">The model.</param>
    /// <returns>This.</returns>
    public StreamingLinearAlgorithm<TModel> SetModel(TModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _initial = model;
        return this;
    }

    /// <summary>
    /// Updates the model with each batch of <paramref name="data"/>: <see cref="NumIterations"/> gradient steps, the
    /// gradients summed in tasks. The model is the operator's state: saved with every checkpoint and restored by
    /// <c>GetOrCreate</c>, so a restarted application goes on from it.
    /// </summary>
    /// <param name="data">Labeled points.</param>
    /// <param name="name">The training operator's name, its identity in checkpoints; the class's name when omitted. Give each model of an application its own.</param>
    /// <exception cref="InvalidOperationException">No initial weights were set, or the model is trained on a stream already.</exception>
    public void TrainOn(DStream<LabeledPoint> data, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var initial = LatestModel;
        if (_trained is not null)
        {
            throw new InvalidOperationException($"This {GetType().Name} is trained on a stream already; train another instance on the other stream.");
        }

        _trained = data.FoldBatches(name ?? char.ToLowerInvariant(GetType().Name[0]) + GetType().Name[1..], initial, (rdd, time, model) =>
        {
            var (updated, points, error) = Train(rdd, model);
            Trained?.Invoke(time, error, points, updated);
            return updated;
        });
    }

    /// <summary>The prediction for each point of <paramref name="data"/>, by the latest model when its batch is computed.</summary>
    /// <param name="data">Features.</param>
    /// <returns>Predictions.</returns>
    public DStream<double> PredictOn(DStream<Vector> data)
        => LatestModelPredictions.Of(data, () => LatestModel, static (TModel model, Vector features) => model.Predict(features));

    /// <summary>The prediction for each pair's features, with its key (a label, to compare with the prediction).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="data">Keyed features.</param>
    /// <returns>Each key with its prediction.</returns>
    public DStream<(TKey Key, double Prediction)> PredictOnValues<TKey>(DStream<(TKey Key, Vector Features)> data)
        => LatestModelPredictions.Of(data, () => LatestModel, static (TModel model, (TKey Key, Vector Features) pair) => (pair.Key, model.Predict(pair.Features)));

    /// <summary>The model of <paramref name="weights"/> and <paramref name="intercept"/>.</summary>
    private protected abstract TModel CreateModel(Vector weights, double intercept);

    /// <summary>
    /// Spark's mini-batch SGD from <paramref name="model"/>'s weights over one batch, with the batch's error before it.
    /// Least squares over whole batches with few features takes the batch's sums of products in one pass and steps on
    /// them (the same steps, without a pass over the points for each).
    /// </summary>
    private (TModel Model, long Points, double Error) Train(Rdd<LabeledPoint> rdd, TModel model)
    {
        var features = model.Features;
        var bySums = !Logistic && MiniBatchFraction >= 1 && features <= Math.Min(MaxFeaturesBySums, 4 * NumIterations);
        var (weights, points, error) = bySums ? TrainBySums(rdd, model) : TrainBySteps(rdd, model);
        var trained = CreateModel(Vectors.Dense(weights[..features]), Intercept ? weights[features] : 0);
        return (trained, points, points == 0 ? double.NaN : error / points);
    }

    /// <summary>A pass over the batch for its error, then one for each step's gradient; the weights, the points and the summed error.</summary>
    private (double[] Weights, long Points, double Error) TrainBySteps(Rdd<LabeledPoint> rdd, TModel model)
    {
        var weights = Intercept ? [.. model.Weights.ToArray(), model.Intercept] : model.Weights.ToArray();
        var (intercept, logistic) = (Intercept, Logistic);
        var scoring = model;
        var error = rdd.MapPartitions(points => (IEnumerable<(double, long)>)[Errors(scoring, points, logistic)]).Collect()
            .Aggregate((Sum: 0.0, Count: 0L), (all, part) => (all.Sum + part.Item1, all.Count + part.Item2));
        for (var iteration = 1; iteration <= NumIterations && error.Count > 0; iteration++)
        {
            var sample = MiniBatchFraction < 1 ? rdd.Sample(false, MiniBatchFraction, seed: 42 + iteration) : rdd;
            var current = weights;
            var sums = sample.MapPartitions(points => (IEnumerable<GradientSums>)[GradientSums.Of(current, intercept, logistic, points)]).Collect()
                .Aggregate(new GradientSums(weights.Length), (all, part) => all.Merge(part));
            if (sums.Count > 0 && Step(ref weights, sums.Gradient, sums.Count, iteration, model.Features))
            {
                break;
            }
        }

        return (weights, error.Count, error.Sum);
    }

    /// <summary>One pass over the batch for its sums of products; the error and every step from them.</summary>
    private (double[] Weights, long Points, double Error) TrainBySums(Rdd<LabeledPoint> rdd, TModel model)
    {
        var features = model.Features;
        var sums = rdd.MapPartitions(points => (IEnumerable<LeastSquaresSums>)[LeastSquaresSums.Of(features, points)]).Collect()
            .Aggregate(new LeastSquaresSums(features), (all, part) => all.Merge(part));
        var gradient = new double[features + 1];
        var error = sums.Gradient([.. model.Weights.ToArray(), model.Intercept], gradient);
        double[] weights = [.. model.Weights.ToArray(), Intercept ? model.Intercept : 0];
        for (var iteration = 1; iteration <= NumIterations && sums.Count > 0; iteration++)
        {
            sums.Gradient(weights, gradient);
            if (!Intercept)
            {
                gradient[features] = 0;
            }

            if (Step(ref weights, gradient, sums.Count, iteration, features))
            {
                break;
            }
        }

        return (weights, sums.Count, error);
    }

    /// <summary>
    /// Moves <paramref name="weights"/> against the summed <paramref name="gradient"/> of <paramref name="count"/>
    /// points, by <c>StepSize/√iteration</c>, shrinking the first <paramref name="regularized"/> (not the intercept)
    /// by the L2 regularization; true when they moved less than <see cref="ConvergenceTolerance"/> says is converged.
    /// </summary>
    private bool Step(ref double[] weights, ReadOnlySpan<double> gradient, long count, int iteration, int regularized)
    {
        var step = StepSize / Math.Sqrt(iteration);
        var next = (double[])weights.Clone();
        TensorPrimitives.Multiply(next.AsSpan(0, regularized), 1 - (step * RegParam), next.AsSpan(0, regularized));
        TensorPrimitives.MultiplyAdd(gradient, -step / count, next, next);
        var moved = TensorPrimitives.Distance(next, weights);
        weights = next;
        return moved < ConvergenceTolerance * Math.Max(TensorPrimitives.Norm(weights), 1.0);
    }

    /// <summary>A partition's squared errors (regression) or misclassifications (logistic), and its points.</summary>
    private static (double, long) Errors(LinearModel model, IEnumerable<LabeledPoint> points, bool logistic)
    {
        var (sum, count) = (0.0, 0L);
        foreach (var point in points)
        {
            var prediction = model.Predict(point.Features);
            sum += logistic ? (prediction == point.Label ? 0 : 1) : (prediction - point.Label) * (prediction - point.Label);
            count++;
        }

        return (sum, count);
    }
}
