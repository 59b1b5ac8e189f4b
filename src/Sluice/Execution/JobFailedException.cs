namespace Sluice.Execution;

/// <summary>
/// A job failed because one of its tasks failed <c>SluiceOptions.MaxTaskFailures</c> times. The original
/// error of the last attempt is the <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class JobFailedException : Exception
{
    /// <summary>Creates the exception with a message that names the operator, stage, partition and attempts.</summary>
    /// <param name="jobId">The failed job.</param>
    /// <param name="action">The action that started the job, such as <c>collect</c>.</param>
    /// <param name="stageId">The stage whose task failed.</param>
    /// <param name="partition">The partition the task computed.</param>
    /// <param name="attempts">How many times the task ran.</param>
    /// <param name="operatorDescription">The operator the error escaped from, or the stage's last operator.</param>
    /// <param name="innerException">The last attempt's error.</param>
    public JobFailedException(
        int jobId, string action, int stageId, int partition, int attempts, string operatorDescription, Exception innerException)
        : base(
            $"Job {jobId} ({action}) failed: task for partition {partition} of stage {stageId} failed {attempts} time(s), the limit MaxTaskFailures sets, " +
            $"in operator {operatorDescription}. " +
            $"Last error: {innerException.GetType().Name}: {innerException.Message}",
            innerException)
    {
        JobId = jobId;
        StageId = stageId;
        Partition = partition;
        Attempts = attempts;
        Operator = operatorDescription;
    }

    /// <summary>The failed job.</summary>
    public int JobId { get; }

    /// <summary>The stage whose task failed.</summary>
    public int StageId { get; }

    /// <summary>The partition the failed task computed.</summary>
    public int Partition { get; }

    /// <summary>How many times the task ran before the job gave up.</summary>
    public int Attempts { get; }

    /// <summary>The operator the error escaped from, such as <c>map (rdd 3)</c>.</summary>
    public string Operator { get; }
}
