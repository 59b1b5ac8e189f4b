using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Sluice.Testing;

namespace Sluice.Web.Tests;

/// <summary>
/// The UI where a deployment needs it: inside an ASP.NET Core application of one's own (<c>MapSluiceUi</c>), and on
/// an address other than 127.0.0.1 (a container exposing it).
/// </summary>
public sealed class HostedUiTests
{
    [Fact]
    public async Task MapSluiceUi_ServesThePagesAndTheApi_FromTheApplicationsOwnServer()
    {
        using var test = new StreamingTestContext(configure: options => options.AppName = "in-my-app");
        test.Input<int>([[1, 2], [3]]).Print();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/hello", () => "the application's own endpoint");
        app.MapSluiceUi(test.Context);
        await app.StartAsync();
        await test.RunBatchesAsync(2);

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var statistics = await http.GetFromJsonAsync<JsonElement>("/api/v1/applications/in-my-app/streaming/statistics");
        Assert.Equal(2, statistics.GetProperty("numTotalCompletedBatches").GetInt64());
        Assert.Contains("<html", await http.GetStringAsync("/"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("the application's own endpoint", await http.GetStringAsync("/hello"));
    }

    [Fact]
    public async Task ABindAddress_IsWhereTheUiListens()
    {
        using var test = new StreamingTestContext(configure: options => options.AppName = "exposed");
        test.Input<int>([[1]]).Print();

        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0, BindAddress = IPAddress.Any });
        await test.RunBatchesAsync(1);

        Assert.Equal("0.0.0.0", ui.Address.Host);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ui.Address.Port}/") }; // any address of the machine reaches it
        var statistics = await http.GetFromJsonAsync<JsonElement>("api/v1/applications/exposed/streaming/statistics");
        Assert.Equal(1, statistics.GetProperty("numTotalCompletedBatches").GetInt64());
    }
}
