namespace Sluice.Checkpointing;

/// <summary>One operator in a checkpoint.</summary>
/// <param name="Identity">Its identity.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="RecordType">The type of its records.</param>
/// <param name="IsOutput">Whether it is an output operation.</param>
/// <param name="StateVersion">The batch its saved state is from, for stateful operators.</param>
/// <param name="StateEntries">How many keys its saved state holds.</param>
/// <param name="StateBytes">The size of its state files.</param>
public sealed record CheckpointOperatorSummary(
    string Identity, string Kind, string RecordType, bool IsOutput, DateTimeOffset? StateVersion, long StateEntries, long StateBytes)
{
    /// <summary>The saved value of a <c>FoldBatches</c> operator (a model), as text when its codec wrote text (JSON, by default); otherwise <see langword="null"/>.</summary>
    public string? Value { get; init; }
}
