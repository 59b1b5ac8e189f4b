using System.Collections.Concurrent;
using Microsoft.ML;

namespace Sluice.ML.Net;

/// <summary>
/// The ML.NET models this process has loaded, by path: loaded once and shared by every task (a transformer is safe
/// to share; a prediction engine is not, so each task makes its own), loaded again when the file's write time changes,
/// so a model saved anew is used from the next batch on.
/// </summary>
internal static class LoadedModels
{
    private static readonly ConcurrentDictionary<string, (DateTime Written, MLContext Context, ITransformer Model)> s_models = new(StringComparer.Ordinal);

    /// <exception cref="FileNotFoundException">The file is not there; the message says what to do.</exception>
    public static (MLContext Context, ITransformer Model) Get(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException(
                $"The ML.NET model '{path}' does not exist on {Environment.MachineName}. Save it with mlContext.Model.Save(model, schema, path), and give a path every executor can read.", path);
        }

        var loaded = s_models.AddOrUpdate(
            path,
            _ => Load(file),
            (_, known) => known.Written == file.LastWriteTimeUtc ? known : Load(file));
        return (loaded.Context, loaded.Model);
    }

    private static (DateTime, MLContext, ITransformer) Load(FileInfo file)
    {
        var context = new MLContext();
        try
        {
            return (file.LastWriteTimeUtc, context, context.Model.Load(file.FullName, out _));
        }
        catch (Exception error) when (error is FormatException or InvalidOperationException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"'{file.FullName}' is not an ML.NET model that can be loaded: {error.Message} Save the model with mlContext.Model.Save.", error);
        }
    }
}
