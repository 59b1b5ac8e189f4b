namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// What an executor process answers for a task: its result and what it counted (accumulator additions, records read),
/// or why it failed; as bytes and plain values, so it can cross any transport.
/// </summary>
/// <param name="ExecutorId">The executor that ran the task (where a map task's output now is).</param>
/// <param name="Result">A result task's value, written by the task writer; null for a map task or a failure.</param>
/// <param name="Accumulated">The task's accumulator additions, written by the task writer; null when none.</param>
/// <param name="RecordsRead">What the task's sources counted: triples of dataset id, partition and records.</param>
/// <param name="Failure">Why the task failed; null when it succeeded.</param>
/// <param name="ShuffleBytesRead">Bytes of map output the task read.</param>
/// <param name="ShuffleBytesWritten">Bytes of map output the task wrote.</param>
internal sealed record RemoteTaskOutcome(string ExecutorId, byte[]? Result, byte[]? Accumulated, long[] RecordsRead, RemoteTaskFailure? Failure, long ShuffleBytesRead = 0, long ShuffleBytesWritten = 0);
