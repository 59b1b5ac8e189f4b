namespace Sluice.Execution;

/// <summary>
/// A task could not read a map output of a shuffle: the executor that held it was lost. Not the task's fault, so it
/// is not retried as a task; the scheduler runs the lost map partitions again and then the tasks still to do.
/// </summary>
internal sealed class FetchFailedException(int shuffleId, int mapPartition, string? executorId)
    : Exception($"The output of map partition {mapPartition} of shuffle {shuffleId} could not be fetched from {executorId ?? "any executor"}: that executor was lost. Its map partitions run again.")
{
    public int ShuffleId { get; } = shuffleId;

    public int MapPartition { get; } = mapPartition;

    /// <summary>The executor that held the output, when known.</summary>
    public string? ExecutorId { get; } = executorId;
}
