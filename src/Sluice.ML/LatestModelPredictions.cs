using Sluice.Streams;

namespace Sluice.ML;

/// <summary>Predictions of a stream by the model that is latest when each batch is computed, for every streaming algorithm.</summary>
internal static class LatestModelPredictions
{
    /// <summary>
    /// Each record's prediction by <paramref name="latest"/>'s model as of its batch. The tasks' function holds the
    /// model and <paramref name="predict"/> alone, not the algorithm (whose event handlers may hold what cannot travel).
    /// </summary>
    public static DStream<TOut> Of<TModel, TIn, TOut>(DStream<TIn> data, Func<TModel> latest, Func<TModel, TIn, TOut> predict)
    {
        ArgumentNullException.ThrowIfNull(data);
        _ = latest();
        return data.Transform(rdd =>
        {
            var (model, predictWith) = (latest(), predict);
            return rdd.Map(record => predictWith(model, record));
        });
    }
}
