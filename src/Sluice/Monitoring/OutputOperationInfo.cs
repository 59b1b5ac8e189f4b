namespace Sluice.Monitoring;

/// <summary>One output operation (Print, ForeachRdd, …) of one batch: when it ran and how it ended.</summary>
/// <param name="BatchTime">The batch.</param>
/// <param name="Id">The output operation's index in the order the operations were defined.</param>
/// <param name="Name">The operation, such as <c>print</c> or <c>foreachRdd</c>.</param>
/// <param name="StreamIdentity">The identity of the output's operator (its name or kind and id).</param>
/// <param name="StartTime">When its job started, if it has.</param>
/// <param name="EndTime">When its job ended, if it has.</param>
/// <param name="Failure">The error that failed the job, or <see langword="null"/>.</param>
public sealed record OutputOperationInfo(
    DateTimeOffset BatchTime,
    int Id,
    string Name,
    string StreamIdentity,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    Exception? Failure)
{
    /// <summary>How long the job ran, once it has ended.</summary>
    public TimeSpan? Duration => EndTime - StartTime;

    /// <summary>
    /// Where the tasks of its jobs ran, once it has ended: tasks that succeeded, by executor id (<c>driver</c> for a
    /// local master's threads).
    /// </summary>
    public IReadOnlyDictionary<string, int> TasksByExecutor { get; init; } = new Dictionary<string, int>();
}
