using Microsoft.ML;
using Sluice.Streams;

namespace Sluice.ML.Net;

/// <summary>ML.NET models applied to streams: a model trained offline (an <c>ITransformer</c> saved as a .zip) scores each batch.</summary>
public static class MLNetStreams
{
    /// <summary>
    /// The prediction of the ML.NET model saved at <paramref name="modelPath"/> for every record of every batch: each
    /// partition task makes one prediction engine, from the model its process loaded once. When the file is saved
    /// anew, the next batch's tasks load and use the new model. The model and the types are checked now, on the
    /// driver, so a wrong path or columns that do not match fail here, in words.
    /// </summary>
    /// <typeparam name="TInput">The model's input: a class whose properties are the columns it was trained on.</typeparam>
    /// <typeparam name="TPrediction">The model's output: a class with the columns to read, such as <c>[ColumnName("Score")] float Score</c>.</typeparam>
    /// <param name="stream">The records to score.</param>
    /// <param name="modelPath">The model's .zip, at a path every executor can read.</param>
    /// <returns>The predictions, in the records' order.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="ArgumentException">The model cannot take <typeparamref name="TInput"/> or give <typeparamref name="TPrediction"/>.</exception>
    public static DStream<TPrediction> PredictWithModel<TInput, TPrediction>(this DStream<TInput> stream, string modelPath)
        where TInput : class
        where TPrediction : class, new()
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var path = Path.GetFullPath(modelPath);
        using (Engine<TInput, TPrediction>(path))
        {
            // Made once here: a model that does not fit the types fails now, not in the first batch's tasks.
        }

        return stream.MapPartitions(records => Predict<TInput, TPrediction>(path, records));
    }

    private static IEnumerable<TPrediction> Predict<TInput, TPrediction>(string path, IEnumerable<TInput> records)
        where TInput : class
        where TPrediction : class, new()
    {
        using var engine = Engine<TInput, TPrediction>(path);
        foreach (var record in records)
        {
            yield return engine.Predict(record);
        }
    }

    private static PredictionEngine<TInput, TPrediction> Engine<TInput, TPrediction>(string path)
        where TInput : class
        where TPrediction : class, new()
    {
        var (context, model) = LoadedModels.Get(path);
        try
        {
            return context.Model.CreatePredictionEngine<TInput, TPrediction>(model);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException(
                $"The ML.NET model '{path}' does not fit {typeof(TInput).Name} -> {typeof(TPrediction).Name}: {error.Message} Give the input class the columns the model was trained on, and the output class the columns it gives (such as [ColumnName(\"Score\")]).",
                error);
        }
    }
}
