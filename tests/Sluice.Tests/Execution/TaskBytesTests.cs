using Microsoft.Extensions.Logging;
using Sluice.Datasets;
using Sluice.Execution;
using Sluice.Execution.Tasks;

namespace Sluice.Tests.Execution;

/// <summary>
/// Tasks as bytes (docs/adr/0005): a stage's lineage and function written by one context and run by another, which
/// stands for an executor process built from the same application; and what the bytes refuse to carry or read.
/// </summary>
public sealed class TaskBytesTests : IDisposable
{
    private readonly SluiceContext _driver = new(new SluiceOptions { Master = "local[2]" });
    private readonly SluiceContext _executor = new(new SluiceOptions { Master = "local[2]" });

    public void Dispose()
    {
        _driver.Dispose();
        _executor.Dispose();
    }

    private static byte[] Write<T>(Rdd<T> rdd) => TaskWriter.Write(new ResultTask<T, T[]>(rdd, (_, records) => [.. records]), rdd.Description);

    /// <summary>Runs every partition of a decoded result task, as the executor would, one task each.</summary>
    private static List<T> RunAll<T>(ResultTask<T, T[]> task)
        => [.. Enumerable.Range(0, task.Rdd.PartitionCount).SelectMany(partition => task.Func(new TaskContext(new TaskDescription(1, 1, partition, 0), CancellationToken.None), task.Rdd.Iterator(partition, new TaskContext(new TaskDescription(1, 1, partition, 0), CancellationToken.None))))];

    [Fact]
    public void ALineageWithCapturedValues_RunsFromItsBytesInAnotherContext_AsItRunsAtHome()
    {
        var offset = 5;
        var names = new Dictionary<int, string> { [6] = "six", [9] = "nine" };
        var suffixes = new List<string> { "!", "?" };
        var rdd = _driver.Parallelize([1, 2, 3, 4], 2)
            .Map(value => value + offset)
            .Filter(names.ContainsKey)
            .FlatMap(value => suffixes.Select(suffix => names[value] + suffix));

        var task = (ResultTask<string, string[]>)TaskReader.Read(Write(rdd), _executor.Residents);

        Assert.Same(_executor, task.Rdd.Context); // the executor's own context, named by the task, not a copy of the driver's
        Assert.Equal(rdd.Id, task.Rdd.Id);
        Assert.Equal(rdd.Collect(), RunAll(task));
    }

    [Fact]
    public void AStageEndsAtTheShufflesItReads_SoTheDataBeforeThemDoesNotTravelWithIt()
    {
        var lines = Enumerable.Range(0, 5_000).Select(i => $"{i % 10} {new string('x', 200)}").ToArray(); // about 1 MB
        var pairs = _driver.Parallelize(lines, 2).Map(line => (line[..1], 1));
        var counts = pairs.ReduceByKey((a, b) => a + b);
        var shuffle = (ShuffleDependency)counts.Dependencies.Single();

        var resultStage = new ResultTask<(string, int), (string, int)[]>(counts, (_, records) => [.. records]);
        var resultBytes = TaskWriter.Write(resultStage, counts.Description, DagScheduler.StageBoundary(resultStage));
        var mapBytes = TaskWriter.Write(shuffle, pairs.Description, DagScheduler.StageBoundary(shuffle));

        Assert.True(resultBytes.Length < 20_000, $"The reduce side carried {resultBytes.Length} bytes.");
        Assert.True(mapBytes.Length > 1_000_000, $"The map side carried only {mapBytes.Length} bytes."); // the lines it reads
        var read = (ResultTask<(string, int), (string, int)[]>)TaskReader.Read(resultBytes, _executor.Residents);
        Assert.Null(read.Rdd.Dependencies.Single().Parent);
    }

    [Fact]
    public void SharedObjects_StayShared_AndAFunctionInsideItsOwnClosure_TravelsOnce()
    {
        var shared = new List<int> { 1 };
        Func<int, int>? countdown = null;
        countdown = n => n <= 0 ? shared.Count : countdown!(n - 1); // the closure holds the delegate whose target it is
        var pair = new object[] { shared, shared, countdown };

        var read = (object[])TaskReader.Read(TaskWriter.Write(pair, "a test"), _executor.Residents);

        Assert.Same(read[0], read[1]);
        Assert.Equal(1, ((Func<int, int>)read[2])(3));
    }

    [Fact]
    public void HashedCollections_AreFilledAgain_WithTheirComparer()
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Word"] = 3 };
        var seen = new HashSet<string> { "a", "b" };

        var read = (object[])TaskReader.Read(TaskWriter.Write(new object[] { counts, seen }, "a test"), _executor.Residents);

        Assert.Equal(3, ((Dictionary<string, int>)read[0])["WORD"]);
        Assert.True(((HashSet<string>)read[1]).SetEquals(["a", "b"]));
    }

    [Fact]
    public void AFunctionHoldingALogger_IsNotSerializable_NamingThePathAndWhatToDo()
    {
        var logger = _driver.LoggerFactory.CreateLogger("enricher");
        var rdd = _driver.Parallelize([1, 2], 1).Map(value =>
        {
            logger.LogDebug("mapping {Value}", value);
            return value;
        });

        var error = Assert.Throws<InvalidOperationException>(() => Write(rdd));

        Assert.StartsWith("Task not serializable: map (rdd ", error.Message, StringComparison.Ordinal);
        Assert.Contains(".logger' of type ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Create the logger inside the function (or once per partition with MapPartitions).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BytesOfAnotherBuild_AreRefused_SayingSo()
    {
        var bytes = Write(_driver.Parallelize([1], 1));
        var version = typeof(ResultTask<,>).Assembly.ManifestModule.ModuleVersionId.ToByteArray();
        var at = bytes.AsSpan().IndexOf(version);
        Assert.True(at > 0);
        bytes[at] ^= 0xFF;

        var error = Assert.Throws<TaskFormatException>(() => TaskReader.Read(bytes, _executor.Residents));

        Assert.Contains("was written by another build of Sluice", error.Message, StringComparison.Ordinal);
        Assert.Contains("run the driver and the executors from the same build", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedBytes_AndBytesThatAreNoTask_AreRefused()
    {
        var bytes = Write(_driver.Parallelize([1, 2, 3], 1).Map(value => value * 2));

        Assert.Contains("damaged", Assert.Throws<TaskFormatException>(() => TaskReader.Read(bytes[..(bytes.Length / 2)], _executor.Residents)).Message, StringComparison.Ordinal);
        Assert.Contains("not a Sluice task", Assert.Throws<TaskFormatException>(() => TaskReader.Read("{\"json\":1}"u8.ToArray(), _executor.Residents)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AResidentTheExecutorDoesNotHave_IsNamed()
    {
        using var streaming = new StreamingContext(new StreamingContextOptions(), TimeSpan.FromSeconds(1));
        var bytes = TaskWriter.Write(new object[] { streaming }, "a test");

        var error = Assert.Throws<TaskFormatException>(() => TaskReader.Read(bytes, _executor.Residents));

        Assert.Contains("'streaming-context'", error.Message, StringComparison.Ordinal);
        Assert.Contains("run the same application build with the same arguments", error.Message, StringComparison.Ordinal);
    }
}
