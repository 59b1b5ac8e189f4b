using System.Globalization;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>The names of the blocks processes fetch from each other, besides stored blocks (<see cref="Storage.BlockId"/>).</summary>
internal static class RemoteBlockIds
{
    public static string Stage(int id) => string.Create(CultureInfo.InvariantCulture, $"stage_{id}");

    public static string Bucket(int shuffleId, int mapPartition, int reducePartition) => string.Create(CultureInfo.InvariantCulture, $"shuffle_{shuffleId}_{mapPartition}_{reducePartition}");

    /// <summary>The shuffle, map and reduce partition of a bucket's name.</summary>
    public static bool TryParseBucket(string id, out int shuffleId, out int mapPartition, out int reducePartition)
    {
        var parts = id.Split('_');
        shuffleId = mapPartition = reducePartition = 0;
        return parts is ["shuffle", _, _, _]
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out shuffleId)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out mapPartition)
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out reducePartition);
    }

    public static bool TryParseStage(string id, out int stage)
    {
        stage = 0;
        return id.StartsWith("stage_", StringComparison.Ordinal) && int.TryParse(id.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out stage);
    }
}
