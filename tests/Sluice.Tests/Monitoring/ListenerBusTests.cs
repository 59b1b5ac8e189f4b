using Sluice.Monitoring;
using Sluice.Testing;

namespace Sluice.Tests.Monitoring;

/// <summary>Listeners get events on a thread of their own: a blocked or throwing listener never holds up a batch.</summary>
public sealed class ListenerBusTests
{
    [Fact]
    public async Task AListenerThatBlocks_AndOneThatThrows_DoNotDelayBatches_AndGetEveryEventInOrderAfterwards()
    {
        using var test = new StreamingTestContext();
        var blocking = new BlockingListener();
        var recording = new RecordingListener();
        test.Context.AddStreamingListener(blocking);
        test.Context.AddStreamingListener(new ThrowingListener());
        test.Context.AddStreamingListener(recording);
        var ran = new List<TaskCompletionSource>(Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        var batch = 0;
        test.Input<int>([[1], [2], [3]]).ForeachRdd(rdd =>
        {
            rdd.Count();
            ran[Interlocked.Increment(ref batch) - 1].SetResult();
        });

        test.Context.Start();
        foreach (var done in ran)
        {
            test.Clock.Advance(test.Context.BatchInterval);
            await done.Task.WaitAsync(StreamingTestContext.BatchTimeout); // the batch runs while the listener is stuck
        }

        Assert.Equal(1, blocking.Calls); // still in its first event
        Assert.Empty(recording.Completed);

        blocking.Release.Set();
        test.Context.Stop(stopGracefully: true); // delivers what is queued before returning

        Assert.Equal(3, recording.Completed.Count);
        Assert.Equal(recording.Completed.OrderBy(info => info.BatchTime), recording.Completed);
        Assert.All(recording.Completed, info =>
        {
            Assert.Equal(TimeSpan.Zero, info.SchedulingDelay); // the manual clock did not move while a batch ran
            Assert.Equal(TimeSpan.Zero, info.ProcessingDelay);
        });
    }

    [Fact]
    public void AListenerThatStopsTheContext_DoesNotWaitForItself()
    {
        using var test = new StreamingTestContext();
        var stopped = new ManualResetEventSlim();
        test.Context.AddStreamingListener(new StoppingListener(test.Context, stopped));
        test.Input<int>([[1]]).Print();
        test.Context.Start(); // OnStreamingStarted stops the context from the listener's thread

        Assert.True(stopped.Wait(StreamingTestContext.BatchTimeout));
        Assert.True(test.Context.AwaitTermination(StreamingTestContext.BatchTimeout));
    }

    private sealed class BlockingListener : IStreamingListener
    {
        private int _calls;

        public ManualResetEventSlim Release { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public void OnStreamingStarted(DateTimeOffset time)
        {
            Interlocked.Increment(ref _calls);
            Release.Wait();
        }
    }

    private sealed class ThrowingListener : IStreamingListener
    {
        public void OnBatchSubmitted(BatchInfo batch) => throw new InvalidOperationException("listener bug");

        public void OnBatchCompleted(BatchInfo batch) => throw new InvalidOperationException("listener bug");
    }

    private sealed class RecordingListener : IStreamingListener
    {
        public List<BatchInfo> Completed { get; } = [];

        public void OnBatchCompleted(BatchInfo batch) => Completed.Add(batch);
    }

    private sealed class StoppingListener(StreamingContext context, ManualResetEventSlim stopped) : IStreamingListener
    {
        public void OnStreamingStarted(DateTimeOffset time)
        {
            context.Stop(stopGracefully: false);
            stopped.Set();
        }
    }
}
