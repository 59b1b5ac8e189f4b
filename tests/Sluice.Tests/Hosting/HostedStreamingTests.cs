using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sluice.Datasets;
using Sluice.Hosting;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Hosting;

/// <summary>
/// Sluice in the .NET Generic Host: a context built from configuration alone, running batches as a hosted service
/// and stopped gracefully with the host; and configuration that is wrong, refused at start naming its key. The host's
/// clock is a manual one, so batches are driven, not waited for.
/// </summary>
public sealed class HostedStreamingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IHost Host(Dictionary<string, string?> settings, FakeTimeProvider clock, Action<StreamingContext, IServiceProvider> build)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSluiceStreaming(build);
        return builder.Build();
    }

    [Fact]
    public async Task AContextFromConfigurationAlone_RunsBatchesWithTheHost_AndStopsGracefullyWithIt()
    {
        var clock = new FakeTimeProvider(Start);
        var completions = new BatchCompletions();
        var seen = new ConcurrentQueue<int[]>();
        using var host = Host(
            new() { ["Sluice:Master"] = "local[2]", ["Sluice:BatchInterval"] = "00:00:02", ["Sluice:AppName"] = "hosted-counts" },
            clock,
            (ssc, _) =>
            {
                var queue = new ConcurrentQueue<Rdd<int>>([ssc.SluiceContext.Parallelize([1, 2, 3])]);
                ssc.QueueStream(queue).ForeachRdd(rdd => seen.Enqueue(rdd.Collect()));
                ssc.AddStreamingListener(completions);
            });

        await host.StartAsync();
        var context = host.Services.GetRequiredService<StreamingContext>();
        Assert.Equal(StreamingState.Active, context.State);
        Assert.Equal(TimeSpan.FromSeconds(2), context.BatchInterval);
        Assert.Equal(("local[2]", "hosted-counts", false), (context.Options.Master, context.Options.AppName, context.Options.StopGracefullyOnShutdown));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await completions.Batches.WaitAsync(StreamingTestContext.BatchTimeout), "No batch completed.");
        await host.StopAsync();

        Assert.Equal(StreamingState.Stopped, context.State);
        Assert.Equal([1, 2, 3], Assert.Single(seen));
    }

    [Theory]
    [InlineData("BatchInterval", "00:00:00", "Sluice:BatchInterval is 00:00:00: give a positive whole number of milliseconds")]
    [InlineData("Master", "cluster[3]", "Sluice:Master: Master 'cluster[3]' is not")]
    public async Task WrongConfiguration_FailsTheHostAtStart_NamingTheKey(string key, string value, string said)
    {
        using var host = Host(new() { [$"Sluice:{key}"] = value }, new FakeTimeProvider(Start), (ssc, _) => ssc.QueueStream(new ConcurrentQueue<Rdd<int>>()).Print());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }
}
