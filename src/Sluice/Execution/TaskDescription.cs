namespace Sluice.Execution;

/// <summary>
/// What a task is, as data: an executor that can rebuild the job's lineage needs nothing
/// else to run it.
/// </summary>
/// <param name="JobId">The job, unique within the context.</param>
/// <param name="StageId">The stage of the job.</param>
/// <param name="PartitionIndex">The partition the task computes.</param>
/// <param name="Attempt">0 for the first run, then 1, 2, … for retries.</param>
internal readonly record struct TaskDescription(int JobId, int StageId, int PartitionIndex, int Attempt);
