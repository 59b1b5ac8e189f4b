using System.Collections.Concurrent;
using Sluice.Datasets;
using Sluice.Execution;
using Sluice.Monitoring;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Streams;

public class StreamingContextTests
{
    private static readonly int[][] s_batches = [[1, 2, 3], [4, 5], [6]];

    [Fact]
    public void Start_WithoutOutputOperations_ExplainsWhatIsMissing()
    {
        using var test = new StreamingTestContext();
        test.Input(s_batches).Map(x => x);
        var error = Assert.Throws<InvalidOperationException>(test.Context.Start);
        Assert.Contains("No output operations registered", error.Message);
        Assert.Equal(StreamingState.Initialized, test.Context.State);
    }

    [Fact]
    public async Task AddingOperators_AfterStartOrStop_IsRejected()
    {
        using var test = new StreamingTestContext();
        var input = test.Input(s_batches);
        input.ForeachRdd(_ => { });
        await test.RunBatchesAsync(1);
        var error = Assert.Throws<InvalidOperationException>(() => input.Map(x => x));
        Assert.Contains("after starting a context is not supported", error.Message);
        Assert.Throws<InvalidOperationException>(() => input.Print());
        Assert.Throws<InvalidOperationException>(() => test.Context.Remember(TimeSpan.FromMinutes(1)));

        test.Context.Stop();
        error = Assert.Throws<InvalidOperationException>(() => input.Filter(x => true));
        Assert.Contains("after stopping a context is not supported", error.Message);
    }

    [Fact]
    public void Start_AfterStop_IsRejected_AndStartTwiceIsHarmless()
    {
        using var test = new StreamingTestContext();
        test.Input(s_batches).ForeachRdd(_ => { });
        test.Context.Start();
        test.Context.Start();
        Assert.Equal(StreamingState.Active, test.Context.State);
        test.Context.Stop();
        Assert.Equal(StreamingState.Stopped, test.Context.State);
        var error = Assert.Throws<InvalidOperationException>(test.Context.Start);
        Assert.Contains("already been stopped", error.Message);
        test.Context.Stop(); // stopping again is harmless
    }

    [Fact]
    public void Stop_BeforeStart_EndsTermination()
    {
        using var test = new StreamingTestContext();
        test.Context.Stop();
        Assert.True(test.Context.AwaitTermination(TimeSpan.Zero));
    }

    [Fact]
    public void AwaitTermination_WhileRunning_TimesOut()
    {
        using var test = new StreamingTestContext();
        test.Input(s_batches).ForeachRdd(_ => { });
        test.Context.Start();
        Assert.False(test.Context.AwaitTermination(TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Union_OfDifferentSlides_NamesBothDurations()
    {
        using var test = new StreamingTestContext();
        var input = test.Input(s_batches);
        var slower = new SlideTestDStream<int>(input, TimeSpan.FromSeconds(2));
        var error = Assert.Throws<ArgumentException>(() => input.Union(slower));
        Assert.Contains("00:00:01", error.Message);
        Assert.Contains("00:00:02", error.Message);
        Assert.Contains("slide durations must be equal", error.Message);
        Assert.Throws<ArgumentException>(() => test.Context.Union(input, input.Map(x => x), slower));
        Assert.Throws<ArgumentException>(() => input.Map(x => (x, x)).Join(slower.Map(x => (x, x))));
    }

    [Fact]
    public void Union_AcrossContexts_IsRejected()
    {
        using var first = new StreamingTestContext();
        using var second = new StreamingTestContext();
        var error = Assert.Throws<ArgumentException>(() => first.Input(s_batches).Union(second.Input(s_batches)));
        Assert.Contains("different streaming contexts", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Constructor_NonPositiveInterval_Throws(long ticks)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingContext(null, TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Constructor_SubMillisecondInterval_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingContext(null, TimeSpan.FromTicks(15_000)));

    [Fact]
    public void Options_InvalidConcurrentJobs_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingContext(new StreamingContextOptions { ConcurrentJobs = 0 }, TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task Batches_FallOnTheIntervalGrid()
    {
        using var test = new StreamingTestContext(TimeSpan.FromMilliseconds(250));
        test.Clock.Advance(TimeSpan.FromMilliseconds(110)); // start off the grid
        test.Input(s_batches).ForeachRdd(_ => { });
        var infos = await test.RunBatchesAsync(3);
        Assert.All(infos, info => Assert.Equal(0, info.BatchTime.ToUnixTimeMilliseconds() % 250));
        Assert.Equal(
            [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250)],
            infos.Zip(infos.Skip(1), (a, b) => b.BatchTime - a.BatchTime));
    }

    [Fact]
    public async Task FailedBatch_UnderStopPolicy_StopsContextAndAwaitTerminationRethrows()
    {
        using var test = new StreamingTestContext(configure: o => o.MaxTaskFailures = 2);
        var seen = test.Context.SluiceContext.CollectionAccumulator<int>();
        test.Input(s_batches).Map(x => x == 4 ? throw new InvalidDataException("bad record 4") : x).ForeachRdd(rdd => rdd.Foreach(seen.Add));

        var error = await Assert.ThrowsAsync<JobFailedException>(() => test.RunBatchesAsync(3));
        Assert.IsType<InvalidDataException>(error.InnerException);
        var rethrown = await Assert.ThrowsAsync<JobFailedException>(() => test.Context.AwaitTerminationAsync());
        Assert.Same(error, rethrown);
        Assert.Throws<JobFailedException>(test.Context.AwaitTermination);
        Assert.Equal(StreamingState.Stopped, test.Context.State);
        Assert.Subset(seen.Value.ToHashSet(), new HashSet<int> { 1, 2, 3 });
        Assert.DoesNotContain(6, seen.Value); // the batch after the failure never ran
    }

    [Fact]
    public async Task FailedBatch_UnderContinuePolicy_IsRecordedAndNextBatchRuns()
    {
        using var test = new StreamingTestContext(configure: o =>
        {
            o.BatchFailurePolicy = BatchFailurePolicy.Continue;
            o.MaxTaskFailures = 1;
        });
        var output = test.Collect(test.Input(s_batches).Map(x => x == 4 ? throw new InvalidDataException("bad record 4") : x));

        var infos = await test.RunBatchesAsync(3);

        Assert.Null(infos[0].Failure);
        Assert.IsType<JobFailedException>(infos[1].Failure);
        Assert.Null(infos[2].Failure);
        Assert.Equal([[1, 2, 3], [6]], output.Batches);
        Assert.Equal(StreamingState.Active, test.Context.State);
    }

    [Fact]
    public async Task TransformThatThrows_FailsItsBatch()
    {
        using var test = new StreamingTestContext(configure: o => o.BatchFailurePolicy = BatchFailurePolicy.Continue);
        var batch = 0;
        var output = test.Collect(test.Input(s_batches).Transform(rdd => ++batch == 2 ? throw new InvalidOperationException("transform broke") : rdd));
        var infos = await test.RunBatchesAsync(3);
        var failure = Assert.IsType<InvalidOperationException>(infos[1].Failure);
        Assert.Equal("transform broke", failure.Message);
        Assert.Equal([[1, 2, 3], [6]], output.Batches);
    }

    [Fact]
    public async Task GracefulStop_FinishesEveryGeneratedBatch()
    {
        using var test = new StreamingTestContext();
        var output = test.Collect(test.Input(s_batches).Map(x => x * 10));
        test.Context.Start();
        test.Clock.Advance(TimeSpan.FromSeconds(3)); // three batch times at once
        test.Context.Stop(stopGracefully: true);
        Assert.Equal([[10, 20, 30], [40, 50], [60]], output.Batches);
        await test.Context.AwaitTerminationAsync();
    }

    [Fact]
    public async Task Stop_FromInsideOutputOperation_StopsWithoutDeadlock()
    {
        using var test = new StreamingTestContext();
        Exception? gracefulError = null;
        test.Input(s_batches).ForeachRdd(rdd =>
        {
            gracefulError = Record.Exception(() => test.Context.Stop(stopGracefully: true));
            test.Context.Stop();
        });
        test.Context.Start();
        test.Clock.Advance(TimeSpan.FromSeconds(1));
        await test.Context.AwaitTerminationAsync().WaitAsync(StreamingTestContext.BatchTimeout);
        Assert.IsType<InvalidOperationException>(gracefulError);
        Assert.Equal(StreamingState.Stopped, test.Context.State);
    }

    [Fact]
    public async Task ThrowingListener_DoesNotAffectBatches()
    {
        using var test = new StreamingTestContext();
        test.Context.AddStreamingListener(new ThrowingListener());
        var output = test.Collect(test.Input(s_batches));
        var infos = await test.RunBatchesAsync(3);
        Assert.All(infos, info => Assert.Null(info.Failure));
        Assert.Equal(s_batches, output.Batches);
    }

    [Fact]
    public async Task Listener_SeesBatchAndOutputOperationEventsInOrder()
    {
        using var test = new StreamingTestContext();
        var events = new RecordingListener();
        test.Context.AddStreamingListener(events);
        test.Input(s_batches).Map(x => x).Name("numbers").Print();
        var infos = await test.RunBatchesAsync(1);

        Assert.Equal(["started", "submitted", "batchStarted", "opStarted:print:print-3", "opCompleted", "completed"], events.Names);
        var info = infos[0];
        Assert.Equal(TimeSpan.Zero, info.SchedulingDelay);
        Assert.NotNull(info.ProcessingDelay);
        Assert.Equal("print", info.OutputOperations[0].Name);
        Assert.NotNull(info.OutputOperations[0].Duration);
    }

    [Fact]
    public async Task QueueStream_AllAtOnceAndDefault_FollowSpark()
    {
        using var test = new StreamingTestContext();
        var sc = test.Context.SluiceContext;
        var queue = new ConcurrentQueue<Rdd<int>>([sc.Parallelize([1]), sc.Parallelize([2, 3])]);
        var all = test.Collect(test.Context.QueueStream(queue, oneAtATime: false, defaultRdd: sc.Parallelize([-1])));
        await test.RunBatchesAsync(2);
        Assert.Equal([[1, 2, 3], [-1]], all.Batches);
    }

    [Fact]
    public async Task ConcurrentJobs_RunsBatchesInParallelAndCompletesAll()
    {
        using var test = new StreamingTestContext(configure: o => o.ConcurrentJobs = 2);
        var output = test.Collect(test.Input(s_batches).Map(x => x + 1));
        await test.RunBatchesAsync(3);
        Assert.Equal([[2, 3, 4], [5, 6], [7]], output.Batches);
    }

    private sealed class ThrowingListener : IStreamingListener
    {
        public void OnBatchStarted(BatchInfo batch) => throw new InvalidOperationException("listener bug");

        public void OnBatchCompleted(BatchInfo batch) => throw new InvalidOperationException("listener bug");
    }

    private sealed class RecordingListener : IStreamingListener
    {
        public List<string> Names { get; } = [];

        public void OnStreamingStarted(DateTimeOffset time) => Names.Add("started");

        public void OnBatchSubmitted(BatchInfo batch) => Names.Add("submitted");

        public void OnBatchStarted(BatchInfo batch) => Names.Add("batchStarted");

        public void OnBatchCompleted(BatchInfo batch) => Names.Add("completed");

        public void OnOutputOperationStarted(OutputOperationInfo operation) => Names.Add($"opStarted:{operation.Name}:{operation.StreamIdentity}");

        public void OnOutputOperationCompleted(OutputOperationInfo operation) => Names.Add("opCompleted");
    }
}
