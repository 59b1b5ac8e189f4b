namespace Sluice.Sources;

/// <summary>
/// A batch's dataset as a direct input stream made it, before any transformation: what each of its partitions read
/// (Spark's <c>HasOffsetRanges</c>, for any <see cref="DirectInputDStream{T, TPosition}"/>). Cast the dataset a
/// <c>ForeachRdd</c> on the stream itself receives; after a <c>Map</c> the dataset is another one.
/// </summary>
/// <typeparam name="TPosition">The stream's position type.</typeparam>
public interface IHasPositions<out TPosition>
{
    /// <summary>The positions the batch read, one per partition, in partition order.</summary>
    IReadOnlyList<TPosition> Positions { get; }
}
