using Sluice.Testing;

namespace Sluice.Tests.Streams;

/// <summary>What connectors build on besides input streams: resources that stop with the context, and named outputs.</summary>
public sealed class ConnectorApiTests
{
    private sealed class Resource(List<string> log, string name) : IDisposable
    {
        public void Dispose()
        {
            lock (log) log.Add(name);
        }
    }

    [Fact]
    public async Task Resources_AreDisposedOnceWhenTheContextStops_InTheOrderRegistered()
    {
        var log = new List<string>();
        using var test = new StreamingTestContext();
        test.Context.RegisterForDispose(new Resource(log, "client"));
        test.Context.RegisterForDispose(new Resource(log, "server"));
        test.Collect(test.Context.QueueStream(new System.Collections.Concurrent.ConcurrentQueue<Sluice.Datasets.Rdd<int>>()));
        test.Context.Start();
        await test.RunBatchesAsync(1);
        Assert.Empty(log);

        test.Context.Stop();
        test.Context.Stop();
        Assert.Equal(["client", "server"], log);
    }

    [Fact]
    public void Resources_OfAContextThatNeverStarted_AreDisposedByItsStop()
    {
        var log = new List<string>();
        using (var test = new StreamingTestContext())
        {
            test.Context.RegisterForDispose(new Resource(log, "consumer"));
        }

        Assert.Equal(["consumer"], log);
    }

    [Fact]
    public async Task ForeachBatch_NamesTheOutputByItsKind()
    {
        using var test = new StreamingTestContext();
        var times = new List<DateTimeOffset>();
        test.Context.QueueStream(new System.Collections.Concurrent.ConcurrentQueue<Sluice.Datasets.Rdd<int>>())
            .ForeachBatch((rdd, batch) => { rdd.Count(); times.Add(batch.Time); }, "toNowhere");
        Assert.Throws<ArgumentException>(() => test.Context.QueueStream(new System.Collections.Concurrent.ConcurrentQueue<Sluice.Datasets.Rdd<int>>()).ForeachBatch((_, _) => { }, " "));
        test.Context.Start();
        await test.RunBatchesAsync(1);

        Assert.Equal(["toNowhere-2"], test.Context.Graph.Outputs.Select(output => output.Identity));
        Assert.Equal([test.Clock.GetUtcNow()], times);
    }
}
