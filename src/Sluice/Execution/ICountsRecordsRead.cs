namespace Sluice.Execution;

/// <summary>A source's dataset that learns its records only by reading them: told what its tasks counted.</summary>
internal interface ICountsRecordsRead
{
    /// <summary>The dataset's id, as the tasks report it.</summary>
    int Id { get; }

    /// <summary>A task read <paramref name="records"/> records of <paramref name="partition"/> to its end (counted once, whatever the retries).</summary>
    void CountRead(int partition, long records);
}
