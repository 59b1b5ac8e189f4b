namespace Sluice.Streams;

/// <summary>The work of one output operation for one batch: run on a job runner thread by the streaming job scheduler.</summary>
/// <param name="Time">The batch time.</param>
/// <param name="OutputOperationId">The output operation's index in definition order.</param>
/// <param name="Name">The output operation's name, such as <c>print</c>.</param>
/// <param name="StreamIdentity">The identity of the output operator.</param>
/// <param name="Run">Runs the output on the batch's dataset; may start dataset jobs.</param>
internal sealed record StreamingJob(DateTimeOffset Time, int OutputOperationId, string Name, string StreamIdentity, Action Run);
