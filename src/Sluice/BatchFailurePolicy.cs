namespace Sluice;

/// <summary>What a streaming context does when a job of a batch fails (after its task retries).</summary>
public enum BatchFailurePolicy
{
    /// <summary>
    /// Stop the context: no further batches are generated, and <see cref="StreamingContext.AwaitTermination()"/>
    /// throws the job's error. The safe default: nothing is silently skipped.
    /// </summary>
    StopContext = 0,

    /// <summary>
    /// Record the failure in the batch's information (listeners see it), log it, and go on with the next batch.
    /// The failed batch's output is missing; choose this only when losing a batch is acceptable.
    /// </summary>
    Continue = 1,
}
