using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sluice.Datasets;
using Sluice.Hosting;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Web.Tests;

/// <summary>
/// The UI of a hosted streaming application (<c>AddSluiceStreaming</c>): in a worker service on a server of its own,
/// from the <c>Sluice:Ui</c> section alone (<c>AddSluiceUi</c>); and in an ASP.NET Core application on its own server
/// (<c>app.MapSluiceUi()</c>, the context taken from its services). The hosts' clock is a manual one.
/// </summary>
public sealed class HostedApplicationUiTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Settings and services both kinds of host share: the streams, the manual clock, the collected log.</summary>
    private static void AddStreaming(IHostApplicationBuilder builder, Dictionary<string, string?> settings, FakeTimeProvider clock, BatchCompletions completions, LogCollector logs)
    {
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<ILoggerFactory>(logs);
        builder.Services.AddSluiceStreaming((ssc, _) =>
        {
            ssc.QueueStream(new ConcurrentQueue<Rdd<int>>([ssc.SluiceContext.Parallelize([1, 2, 3])])).Print();
            ssc.AddStreamingListener(completions);
        });
    }

    private static async Task<JsonElement> StatisticsAsync(Uri address, string app)
    {
        using var http = new HttpClient { BaseAddress = address };
        return await http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{app}/streaming/statistics");
    }

    [Fact]
    public async Task AWorkerService_ServesTheUiFromConfigurationAlone_FromTheFirstBatch()
    {
        var (clock, completions, logs) = (new FakeTimeProvider(Start), new BatchCompletions(), new LogCollector());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        AddStreaming(builder, new() { ["Sluice:AppName"] = "worker", ["Sluice:Master"] = "local[1]", ["Sluice:Ui:Port"] = "0", ["Sluice:Ui:BindAddress"] = "127.0.0.1" }, clock, completions, logs);
        builder.Services.AddSluiceUi();
        using var host = builder.Build();

        await host.StartAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await completions.Batches.WaitAsync(StreamingTestContext.BatchTimeout), "No batch completed.");

        var started = Assert.Single(logs.Messages(LogLevel.Information), message => message.StartsWith("Web UI at ", StringComparison.Ordinal));
        var address = new Uri(started["Web UI at ".Length..]);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.Equal(1, (await StatisticsAsync(address, "worker")).GetProperty("numTotalCompletedBatches").GetInt64());
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Port", "70000", "Sluice:Ui:Port is 70000: give a port from 0")]
    [InlineData("RetainedBatches", "0", "Sluice:Ui:RetainedBatches is 0: give how many completed batches")]
    public async Task WrongUiConfiguration_FailsTheHostAtStart_NamingTheKey(string key, string value, string said)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        AddStreaming(builder, new() { [$"Sluice:Ui:{key}"] = value }, new FakeTimeProvider(Start), new BatchCompletions(), new LogCollector());
        builder.Services.AddSluiceUi();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAspNetCoreApplication_MapsTheUiOfItsOwnContext()
    {
        var (clock, completions) = (new FakeTimeProvider(Start), new BatchCompletions());
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        AddStreaming(builder, new() { ["Sluice:AppName"] = "web", ["Sluice:Master"] = "local[1]" }, clock, completions, new LogCollector());
        await using var app = builder.Build();
        app.MapSluiceUi();

        await app.StartAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await completions.Batches.WaitAsync(StreamingTestContext.BatchTimeout), "No batch completed.");

        Assert.Equal(1, (await StatisticsAsync(new Uri(app.Urls.First()), "web")).GetProperty("numTotalCompletedBatches").GetInt64());
        await app.StopAsync();
    }

    [Fact]
    public async Task MapSluiceUi_WithNoContextRegistered_SaysHowToRegisterOne()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSluiceUi());

        Assert.Contains("AddSluiceStreaming", error.Message, StringComparison.Ordinal);
    }
}
