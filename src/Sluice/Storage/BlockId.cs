namespace Sluice.Storage;

/// <summary>Names one stored partition: dataset id and partition index.</summary>
internal readonly record struct BlockId(int RddId, int Partition);
