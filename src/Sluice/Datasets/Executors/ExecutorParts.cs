using Sluice.Execution;
using Sluice.Storage;

namespace Sluice.Datasets.Executors;

/// <summary>How an executor's context keeps its map outputs and blocks, around the serializing local ones, and what it says of a resident it lacks.</summary>
internal sealed record ExecutorParts(Func<SerializingShuffleService, IShuffleService> Shuffles, Func<SerializingBlockStore, IBlockStore> Blocks, Func<string, string> Missing);
