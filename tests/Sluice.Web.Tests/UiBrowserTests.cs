using Microsoft.Playwright;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Web.Tests;

/// <summary>
/// The UI in a real browser: Debian's Chromium, headless, driven by Playwright, against the UI of a context whose
/// batches ran on a manual clock. Each test saves a screenshot under <c>screenshots/</c> in the test output folder.
/// </summary>
[Trait("Category", "Browser")]
public sealed class UiBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"The browser tests drive Debian's Chromium at {Chromium}; test.sh installs it (apt-get install chromium).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static string Screenshot(string name)
        => Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, name + ".png");

    [Fact]
    public async Task Overview_ShowsTheBatchesChartsAndDashboard_AndABatchPageOpensFromTheTable()
    {
        using var test = new StreamingTestContext(configure: options => options.AppName = "browser");
        string[][] lines = [["the cat"], ["a fox"], ["the fox saw the dog", "the end"]];
        var words = test.Input(lines).FlatMap(line => line.Split(' '));
        words.Map(word => (word, 1)).ReduceByKey((a, b) => a + b).Transform(rdd => rdd.SortBy(pair => pair.Item2, ascending: false)).ToDashboard("Top words", rows: 3);
        words.Count().Print();
        words.ForeachRdd((rdd, time) => test.Context.PlotOnDashboard("Words per batch", time, [new("words", rdd.Count()), new("distinct", rdd.Distinct().Count())], "words"));
        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 });
        await test.RunBatchesAsync(3);

        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(ui.Address.ToString());
        await page.WaitForFunctionAsync("() => window.sluice.charts['dashboard-0']?.data[0].length === 3");
        var plotted = await page.EvaluateAsync<double[]>("() => window.sluice.charts['dashboard-0'].data[1]");
        Assert.Equal(new double[] { 2, 2, 7 }, plotted);
        Assert.Equal("Words per batch", await page.Locator("#dashboard-charts h3").First.TextContentAsync());

        // Drawn data: every timeline has a point per completed batch.
        await page.WaitForFunctionAsync("() => ['input', 'scheduling', 'processing', 'total'].every(key => window.sluice.charts[key]?.data[0].length === 3)");
        Assert.Equal(3, await page.Locator("#completed-batches tbody tr").CountAsync());
        Assert.Contains("3 completed", await page.Locator("#summary").TextContentAsync(), StringComparison.Ordinal);
        var dashboard = page.Locator("table[data-title='Top words'] tr");
        Assert.Equal(["the", "3"], await dashboard.First.Locator("td").AllTextContentsAsync()); // the last batch's top word
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("overview"), FullPage = true });

        await page.Locator("#completed-batches tbody tr a").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#operations tbody tr').length === 3");
        Assert.Equal(["toDashboard", "print", "foreachRdd"], await page.Locator("#operations tbody tr td:nth-child(2)").AllTextContentsAsync());
        Assert.All(await page.Locator("#operations tbody tr td:nth-child(5)").AllTextContentsAsync(), status => Assert.Equal("succeeded", status));
        Assert.True(await page.Locator("#overview").IsHiddenAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("batch"), FullPage = true });
    }

    [Fact]
    public async Task Overview_SaysWhenCheckpointsFail_AndWhatAnInputCannotRead()
    {
        using var disk = Sluice.TestSupport.SmallDisk.Mount(1 << 20);
        disk.Fill(leaveFree: 0);
        using var test = new StreamingTestContext(configure: options => options.AppName = "health");
        test.Context.Checkpoint(disk.Path);
        test.Context.TextFileStream("/no/such/directory").Count().Print();
        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 });
        await test.RunBatchesAsync(2);

        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(ui.Address.ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('#checkpoint-health')?.textContent.startsWith('Checkpoints FAILING')");
        Assert.Contains("No space left on device", await page.Locator("#checkpoint-health").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("No checkpoint has been written yet.", await page.Locator("#checkpoint-health").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Watched directory /no/such/directory does not exist (yet)", await page.Locator(".input-error").TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("health-failing"), FullPage = true });

        disk.FreeBallast();
        await test.RunBatchesAsync(1);
        await page.WaitForFunctionAsync("() => document.querySelector('#checkpoint-health')?.textContent.startsWith('Checkpoints: written for batch')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("health-written"), FullPage = true });
    }
}
