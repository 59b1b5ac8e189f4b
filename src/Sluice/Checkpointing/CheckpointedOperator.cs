namespace Sluice.Checkpointing;

/// <summary>One operator as a checkpoint knows it: enough to tell whether a restarted graph is the same graph.</summary>
/// <param name="Identity">Its stable identity (its name, else kind-id).</param>
/// <param name="Kind">Its kind, such as <c>map</c> or <c>updateStateByKey</c>.</param>
/// <param name="RecordType">The type of its records.</param>
/// <param name="IsOutput">Whether it is an output operation (which may be added or removed across restarts).</param>
internal sealed record CheckpointedOperator(string Identity, string Kind, string RecordType, bool IsOutput);
