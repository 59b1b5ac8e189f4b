namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// A task as the driver sends it to an executor process: which stage binary to run (the executor fetches it once by
/// its id), which partition, and the driver's map-output epoch, so the executor forgets map-output locations that an
/// executor's loss made stale.
/// </summary>
/// <param name="TaskId">Unique within the application, to match the executor's answer.</param>
/// <param name="JobId">The job.</param>
/// <param name="StageId">The stage of the job.</param>
/// <param name="StageBinary">The id under which the driver serves the stage's binary.</param>
/// <param name="Partition">The partition the task computes.</param>
/// <param name="Attempt">0 for the first run, then 1, 2, … for retries.</param>
/// <param name="Epoch">The driver's map-output epoch when the task was launched.</param>
/// <param name="StageBytes">The stage binary itself, when it is small and this executor has not had it yet: spares a fetch.</param>
/// <param name="Executor">The executor that must run it (the one holding its state partition); null for any.</param>
/// <param name="ReadsShuffles">The shuffles the task reads, whose map-output locations may be sent with it.</param>
/// <param name="Preferred">Executors to run it on when one has a free slot (they hold its input); null for no preference.</param>
internal sealed record RemoteTask(long TaskId, int JobId, int StageId, int StageBinary, int Partition, int Attempt, long Epoch, byte[]? StageBytes = null, string? Executor = null, int[]? ReadsShuffles = null, string[]? Preferred = null);
