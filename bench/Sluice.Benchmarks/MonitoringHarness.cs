using System.Diagnostics;
using System.Globalization;
using Sluice.Cli;
using Sluice.Monitoring;
using Sluice.Testing;
using Sluice.Web;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>monitoring</c>: what watching costs. The word count over a text file in batches, on a manual clock, without
/// the web UI against with it, as the CLI runs it (counts cached, top 10 on the dashboard) while a client polls
/// the page's four API calls and scrapes <c>/metrics</c> every second; in alternating pairs, the cost is the
/// median. Then the listener bus alone: how many batches' events per second it delivers to the UI's store,
/// the metrics and a counting listener.
/// </summary>
internal static class MonitoringHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--events-batches", "--input", "--pairs", "--polls", "--repeat"]);
        var input = options.Get("--input") ?? Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log");
        var repeat = options.GetInt("--repeat", 400);
        var pairs = options.GetInt("--pairs", 9);
        var lines = Enumerable.Repeat(await File.ReadAllLinesAsync(input), repeat).SelectMany(x => x).ToArray();
        var batches = lines.Chunk(lines.Length / 10 + 1).ToList();
        Console.WriteLine($"word count of {input} x{repeat} ({lines.Length:N0} lines) in {batches.Count} batches, local[2]");
        Console.WriteLine("| pair | without the UI: s, CPU s | with the UI polled and scraped every second: s, CPU s | cost in time | cost in CPU |");
        Console.WriteLine("|---|---|---|---|---|");
        await WordCountAsync(batches, ui: false); // warm-up
        await WordCountAsync(batches, ui: true);
        var costs = new List<double>();
        var cpuCosts = new List<double>();
        for (var pair = 1; pair <= pairs; pair++)
        {
            var without = await WordCountAsync(batches, ui: false);
            var with = await WordCountAsync(batches, ui: true);
            costs.Add((with.Seconds / without.Seconds) - 1);
            cpuCosts.Add((with.CpuSeconds / without.CpuSeconds) - 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {pair} | {without.Seconds:F3}, {without.CpuSeconds:F3} | {with.Seconds:F3}, {with.CpuSeconds:F3} | {costs[^1]:P1} | {cpuCosts[^1]:P1} |"));
        }

        costs.Sort();
        cpuCosts.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median cost of the UI and metrics: {costs[costs.Count / 2]:P1} in time, {cpuCosts[cpuCosts.Count / 2]:P1} in CPU."));
        Console.WriteLine();
        await BusAndPollAsync(options.GetInt("--events-batches", 100_000), options.GetInt("--polls", 200));
        return 0;
    }

    /// <summary>The run's time and the process's CPU time over it (the UI's server threads included).</summary>
    private static async Task<(double Seconds, double CpuSeconds)> WordCountAsync(IReadOnlyList<string[]> batches, bool ui)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), "local[2]");
        var counts = WordCountPipeline.CountsDescending(test.Input(batches, 2));
        using var polling = new CancellationTokenSource();
        var poller = Task.CompletedTask;
        if (ui)
        {
            counts = counts.Cache();
            counts.ToDashboard("Top words");
            var address = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 }).Address;
            await PollOnceAsync(address, CancellationToken.None); // a new server's first requests build its routes and serializers: a cost of starting, not of running
            poller = PollAsync(address, polling.Token);
        }

        counts.ForeachRdd(rdd => rdd.Take(10));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await test.RunBatchesAsync(batches.Count);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        await polling.CancelAsync();
        await poller;
        return (seconds, cpuSeconds);
    }

    private static readonly HttpClient s_http = new();

    /// <summary>What an open page and a Prometheus scraper ask for, every second.</summary>
    private static async Task PollAsync(Uri address, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                await PollOnceAsync(address, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task PollOnceAsync(Uri address, CancellationToken stop)
    {
        foreach (var path in (string[])["api/v1/applications/sluice/streaming/statistics", "api/v1/applications/sluice/streaming/batches", "api/v1/applications/sluice/streaming/receivers", "api/v1/applications/sluice/streaming/dashboards", "metrics"])
        {
            _ = await s_http.GetStringAsync(new Uri(address, path), stop);
        }
    }

    /// <summary>
    /// Posts each batch's six events (submitted, started, two operations, completed) and times their delivery; then,
    /// with the 1,000 batches the UI retains, times what one poll of the page and one scrape cost the process.
    /// </summary>
    private static async Task BusAndPollAsync(int batches, int polls)
    {
        using var test = new StreamingTestContext();
        var address = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 }).Address;
        var delivered = new CountdownEvent(batches);
        test.Context.AddStreamingListener(new Counter(delivered));
        var zero = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < batches; i++)
        {
            var time = zero.AddSeconds(i);
            var operations = Enumerable.Range(0, 2).ToDictionary(id => id, id => new OutputOperationInfo(time, id, "foreachRdd", "foreachRdd-" + id, time, time.AddMilliseconds(3), null));
            var info = new BatchInfo(time, time, time, time.AddMilliseconds(6), operations, new Dictionary<int, long> { [0] = 1000 });
            test.Context.Listeners.Post(listener => listener.OnBatchSubmitted(info));
            test.Context.Listeners.Post(listener => listener.OnBatchStarted(info));
            foreach (var operation in operations.Values)
            {
                test.Context.Listeners.Post(listener => listener.OnOutputOperationCompleted(operation));
            }

            test.Context.Listeners.Post(listener => listener.OnBatchCompleted(info));

            // Stay within the bus's queue (10,000 events), as batches arriving over time would.
            if (i % 1000 == 999)
            {
                while (delivered.CurrentCount > batches - i + 500)
                {
                    Thread.Yield();
                }
            }
        }

        delivered.Wait();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Listener bus: {batches:N0} batches' events (6 each) delivered to the UI's store, the metrics and a counter in {watch.Elapsed.TotalSeconds:F2} s: {batches / watch.Elapsed.TotalSeconds:N0} batches/s."));

        await PollOnceAsync(address, CancellationToken.None); // warm
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        for (var poll = 0; poll < polls; poll++)
        {
            await PollOnceAsync(address, CancellationToken.None);
        }

        var cpuPerPoll = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / polls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"One poll of the page (statistics, batches, receivers, dashboards) and one /metrics scrape, 1,000 batches retained: {watch.Elapsed.TotalMilliseconds / polls:F2} ms, {cpuPerPoll:F2} ms CPU (client included); once a second that is {cpuPerPoll / 2000:P2} of two cores."));
    }

    private sealed class Counter(CountdownEvent delivered) : IStreamingListener
    {
        public void OnBatchCompleted(BatchInfo batch) => delivered.Signal();
    }
}
