namespace Sluice.Datasets;

/// <summary>Operations on datasets whose records are used as dictionary keys, so must not be null.</summary>
public static class RddExtensions
{
    /// <summary>The distinct records, through a shuffle.</summary>
    /// <typeparam name="T">The record type; records must not be null.</typeparam>
    /// <param name="source">The dataset.</param>
    /// <param name="partitions">The number of output partitions; the dataset's own count when omitted.</param>
    public static Rdd<T> Distinct<T>(this Rdd<T> source, int? partitions = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Map(record => (record, (byte)0)).ReduceByKey((first, _) => first, partitions).Keys();
    }

    /// <summary>How many times each distinct record occurs, as a dictionary on the driver.</summary>
    /// <typeparam name="T">The record type; records must not be null.</typeparam>
    /// <param name="source">The dataset.</param>
    public static Dictionary<T, long> CountByValue<T>(this Rdd<T> source)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Map(record => (record, 1L)).CountByKey();
    }
}
