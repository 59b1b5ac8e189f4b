using System.Buffers;

namespace Sluice.Checkpointing;

/// <summary>A stateful operator's state about to be saved: the version saved, and per partition a function that serializes it.</summary>
/// <param name="Version">The batch time whose state is saved, the same for every partition.</param>
/// <param name="Partitions">Per partition: writes the version as a whole checkpoint file into the empty buffer given, then unpins the table.</param>
internal sealed record StateSnapshot(DateTimeOffset Version, IReadOnlyList<Action<ArrayBufferWriter<byte>>> Partitions);
