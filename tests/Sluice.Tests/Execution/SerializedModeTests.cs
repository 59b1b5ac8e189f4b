using System.Reflection;
using Sluice.Datasets;
using Microsoft.Extensions.Logging;
using Sluice.Execution;

namespace Sluice.Tests.Execution;

/// <summary>
/// The serializing local mode (<c>local-serialized[N]</c>, or any local master with SLUICE_LOCAL_SERIALIZED=1, as the
/// test suite's second run): every shuffle block is turned into bytes with the record codecs and read back, as between
/// processes, so what cannot travel fails here.
/// </summary>
public sealed class SerializedModeTests
{
    /// <summary>A key that System.Text.Json writes but cannot read back (no constructor it can call).</summary>
    public sealed class OpaqueKey
    {
        public OpaqueKey(int id, string label) => Id = (id, label).id;

        public int Id { get; }
    }

    [Theory]
    [InlineData("local-serialized", 1)]
    [InlineData("local-serialized[3]", 3)]
    public void AShuffle_GivesWhatTheSharedMemoryModeGives(string master, int threads)
    {
        string[] lines = ["a b a", "c b a", "d"];
        using var shared = new SluiceContext(new SluiceOptions { Master = "local[2]" });
        using var serialized = new SluiceContext(new SluiceOptions { Master = master });
        Assert.True(serialized.Serializing);
        Assert.Equal(threads, serialized.DefaultParallelism);

        static (string, int)[] Count(SluiceContext context, string[] lines)
            => [.. context.Parallelize(lines, 3).FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 2).Collect().Order()];

        Assert.Equal(Count(shared, lines), Count(serialized, lines));
    }

    [Fact]
    public void ARecordTypeThatCannotTravel_FailsTheJob_SayingWhichAndWhatToDo()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]", MaxTaskFailures = 1 });
        var error = Assert.Throws<JobFailedException>(() => context.Parallelize([1, 2, 3], 2).Map(id => (new OpaqueKey(id, "x"), 1)).ReduceByKey((a, b) => a + b).Collect());
        Assert.Contains("Shuffled records of type (OpaqueKey, Int32) cannot travel between processes: reading them back with the record codec failed", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ACachedPartition_IsKeptAsBytes_SoATypeThatCannotTravelFailsWhenItIsReadBack()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]", MaxTaskFailures = 1 });
        var cached = context.Parallelize([1, 2, 3], 2).Map(id => new OpaqueKey(id, "x")).Cache();
        Assert.Equal(3, cached.Count()); // computed, written to the store

        var error = Assert.Throws<JobFailedException>(() => cached.Count()); // read from the store
        Assert.Contains("Stored records of type OpaqueKey cannot travel between processes: reading them back with the record codec failed", error.ToString(), StringComparison.Ordinal);
        var pairs = context.Parallelize([1, 2, 3], 2).Map(id => (id, "x")).Cache();
        pairs.Count();
        Assert.Equal([1, 2, 3], pairs.Map(pair => pair.id).Collect()); // what the codecs write whole is read back whole
    }

    private sealed class Enricher(Microsoft.Extensions.Logging.ILogger logger, int offset)
    {
        public int Enrich(int value)
        {
            logger.LogDebug("enriching {Value}", value);
            return value + offset;
        }
    }

    [Fact]
    public void AFunctionCapturingALogger_FailsAtSubmission_NamingOperatorMemberAndType()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]" });
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var error = Assert.Throws<InvalidOperationException>(() => context.Parallelize([1, 2, 3]).Map(value => { logger.LogDebug("{Value}", value); return value; }).Count());
        Assert.Matches(@"^Task not serializable: a function of map \(rdd \d+\) captures 'logger' of type NullLogger, which cannot travel to an executor in another process\. Create the logger inside the function", error.Message);
    }

    [Fact]
    public void ACapturedObjectHoldingAConnection_IsFoundThroughItsFields_AndAReduceFunctionToo()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]" });
        var enricher = new Enricher(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, 1);
        var error = Assert.Throws<InvalidOperationException>(() => context.Parallelize([1, 2, 3]).Map(value => (value % 2, value)).ReduceByKey((a, b) => enricher.Enrich(a + b)).Collect());
        Assert.Contains("captures 'enricher.logger' of type NullLogger", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADatasetUsedInsideAnothersFunction_IsRefusedWithWhatToDo()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]" });
        var lookup = context.Parallelize([10, 20]);
        var error = Assert.Throws<InvalidOperationException>(() => context.Parallelize([1, 2]).Filter(value => value > lookup.PartitionCount).Count());
        Assert.Contains("captures 'lookup' of type ParallelCollectionRdd`1, which cannot travel to an executor in another process. A dataset cannot be used inside another's functions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionsCapturingValues_RunAsInTheSharedMemoryMode()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]" });
        var offset = 5;
        var names = new Dictionary<int, string> { [6] = "six" };
        Assert.Equal(["six"], context.Parallelize([1, 2]).Map(value => value + offset).Filter(names.ContainsKey).Map(value => names[value]).Collect());
    }

    [Fact]
    public void AnAccumulatorWhoseLockWasContended_StillTravels()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]" });
        var seen = context.CollectionAccumulator<int>();

        // A contended lock makes a wait event and keeps it: what two tasks merging at once leave in the accumulator.
        var gate = typeof(CollectionAccumulator<int>).GetField("_gate", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(seen)!;
        typeof(Lock).GetField("_waitEvent", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(gate, new AutoResetEvent(false));

        Assert.Equal(3, context.Parallelize([1, 2, 3], 2).Map(value => { seen.Add(value); return value; }).Count());
        Assert.Equal([1, 2, 3], seen.Value.Order());
    }
}
