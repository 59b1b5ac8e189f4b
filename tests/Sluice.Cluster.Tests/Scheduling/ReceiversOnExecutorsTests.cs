using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sluice.Monitoring;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Cluster.Tests.Scheduling;

/// <summary>
/// Receivers on executor processes: a receiver travels to an executor and holds one slot there; its blocks are kept
/// on that executor and copied to a second one before the driver acknowledges them, so killing the receiver's
/// executor with SIGKILL loses none of them; the receiver then starts again on another executor; and what a receiver
/// reports on its executor reaches the driver's listeners.
/// </summary>
[Trait("Category", "Process")]
public sealed class ReceiversOnExecutorsTests : IDisposable
{
    private const int RecordsPerStart = 500;

    /// <summary>The most records a receiver on an executor puts in one block (ExecutorReceiverSupervisor.MaxBlockRecords).</summary>
    private const int MaxBlockRecords = 50_000;

    private readonly string _signals = Directory.CreateTempSubdirectory("sluice-receiver-signals-").FullName;

    [Fact]
    public async Task AReceiver_RunsOnAnExecutor_AndItsRecordsAreCountedOnce_AsTheRestApiShows()
    {
        using var test = new StreamingTestContext(master: "local-cluster[2,1]", configure: options => options.AppName = "receivers");
        var receivers = new ReceiverEvents();
        test.Context.AddStreamingListener(receivers);
        var records = test.Collect(test.Context.ReceiverStream(new NumberingReceiver(_signals, RecordsPerStart)));
        using var ui = Web.SluiceWebUi.Start(test.Context, new Web.WebUiOptions { Port = 0 });
        test.Context.Start();

        var first = await StoredAsync(exceptIn: []);
        await test.RunBatchesAsync(1);

        var received = records.All.ToList();
        Assert.Equal(RecordsPerStart, received.Count);
        Assert.Equal(Enumerable.Range(0, RecordsPerStart), received.Select(record => record.Index).Order());
        Assert.All(received, record => Assert.Equal(first, record.Process));
        Assert.NotEqual(Environment.ProcessId, first);
        var executor = await receivers.StartedOnAsync;
        Assert.StartsWith("executor-", executor, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = ui.Address };
        var receiver = Assert.Single((await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/receivers/streaming/receivers"))!);
        Assert.Equal(executor, receiver.GetProperty("executorId").GetString());
        Assert.Equal("127.0.0.1", receiver.GetProperty("executorHost").GetString());
        var executors = (await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/receivers/executors"))!;
        Assert.Equal(1, executors.Single(summary => summary.GetProperty("id").GetString() == executor).GetProperty("receivers").GetInt32());
        Assert.Equal(2, executors.Count(summary => summary.GetProperty("receivedBlocks").GetInt32() == 1)); // the block and its copy, while its batch is remembered
    }

    [Fact]
    public async Task KillingTheReceiversExecutor_LosesNoStoredBlock_AndTheReceiverStartsOnAnother()
    {
        using var test = new StreamingTestContext(master: "local-cluster[2,1]");
        var receivers = new ReceiverEvents();
        test.Context.AddStreamingListener(receivers);
        var records = test.Collect(test.Context.ReceiverStream(new NumberingReceiver(_signals, RecordsPerStart)));
        test.Context.Start();

        // Every block of the first run is acknowledged, and in no batch yet, when its only other copy is the replica.
        var killed = await StoredAsync(exceptIn: []);
        using (var process = Process.GetProcessById(killed))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var restarted = await StoredAsync(exceptIn: [killed]);
        await test.RunBatchesAsync(1);

        var received = records.All.ToList();
        Assert.Equal(2 * RecordsPerStart, received.Count);
        Assert.Equal(Enumerable.Range(0, RecordsPerStart), received.Where(record => record.Process == killed).Select(record => record.Index).Order());
        Assert.Equal(Enumerable.Range(0, RecordsPerStart), received.Where(record => record.Process == restarted).Select(record => record.Index).Order());
        var lost = Assert.Single(receivers.Errors, error => error.LastErrorMessage?.Contains("was lost", StringComparison.Ordinal) == true);
        Assert.Equal(await receivers.StartedOnAsync, lost.Location);
    }

    [Fact]
    public async Task AGracefulStop_ProcessesEveryRecordTheReceiverStored_ItsLastBlockIncluded()
    {
        // No block is cut on the executor's timer: the records are in the block the stop cuts.
        using var test = new StreamingTestContext(master: "local-cluster[2,1]", configure: options => options.BlockInterval = TimeSpan.FromHours(1));
        var receivers = new ReceiverEvents();
        test.Context.AddStreamingListener(receivers);
        var records = test.Collect(test.Context.ReceiverStream(new NumberingReceiver(_signals, RecordsPerStart, oneByOne: true)));
        test.Context.Start();
        await StoredAsync(exceptIn: []);

        using var giveUp = new CancellationTokenSource(StreamingTestContext.BatchTimeout); // then the stop cuts the batches short, and the test fails
        var stopping = test.Context.StopAsync(stopGracefully: true, giveUp.Token);
        await receivers.StoppedAsync; // the executor reports the stop once the driver has the receiver's last block
        test.Clock.Advance(test.Context.BatchInterval);
        await stopping;

        Assert.Equal(Enumerable.Range(0, RecordsPerStart), records.All.Select(record => record.Index).Order());
    }

    [Fact]
    public async Task AReceiverStoringFasterThanItsBlockInterval_CutsFullBlocksItself()
    {
        // No block is cut on the executor's timer: only full blocks reach the driver.
        using var test = new StreamingTestContext(master: "local-cluster[2,1]", configure: options => options.BlockInterval = TimeSpan.FromHours(1));
        var records = test.Collect(test.Context.ReceiverStream(new NumberingReceiver(_signals, 2 * MaxBlockRecords, oneByOne: true)));
        test.Context.Start();
        await StoredAsync(exceptIn: []);

        var batch = await test.RunBatchesAsync(1);

        Assert.Equal(2 * MaxBlockRecords, batch[0].NumRecords);
        Assert.Equal(Enumerable.Range(0, 2 * MaxBlockRecords), records.All.Select(record => record.Index).Order());
    }

    [Fact]
    public async Task RecordsReachTheBatches_InTheOrderStored_ThoughBlocksAreCutBothOnTheTimerAndWhenFull()
    {
        // A block every millisecond: timer ticks overlap while a block is stored, copied and reported, and the
        // receiving thread cuts a full block whenever it stores faster than that.
        using var test = new StreamingTestContext(master: "local-cluster[2,1]", configure: options => options.BlockInterval = TimeSpan.FromMilliseconds(1));
        const int Records = 3 * MaxBlockRecords;
        var records = test.Collect(test.Context.ReceiverStream(new NumberingReceiver(_signals, Records, oneByOne: true)));
        test.Context.Start();
        await StoredAsync(exceptIn: []);

        await RunBatchesUntilAsync(test, () => records.All.Count >= Records, $"{Records} records");

        Assert.Equal(Enumerable.Range(0, Records), records.All.Select(record => record.Index));
    }

    [Fact]
    public async Task ASocketsLines_AreStoredOnAnExecutorAsRead_EachCountedOnce_BytesThatAreNotUtf8Included()
    {
        // More lines than a block holds, so the receiver cuts blocks of bytes itself as well as on its timer.
        const int Lines = 2 * MaxBlockRecords + 123;
        var sent = Enumerable.Range(0, Lines).Select(index => $"line {index}").ToList();
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(string.Join('\n', sent) + "\n"));
            await client.GetStream().WriteAsync((byte[])[0x61, 0xFF, 0x62, (byte)'\n']);
        });

        using var test = new StreamingTestContext(master: "local-cluster[2,1]");
        var receivers = new ReceiverEvents();
        test.Context.AddStreamingListener(receivers);
        var lines = test.Collect(test.Context.SocketUtf8TextStream("127.0.0.1", ((IPEndPoint)server.LocalEndpoint).Port));
        test.Context.Start();
        await serving;

        await RunBatchesUntilAsync(test, () => lines.All.Count >= Lines + 1, $"{Lines + 1} lines");

        await test.RunBatchesAsync(1); // and none comes twice
        Assert.StartsWith("executor-", await receivers.StartedOnAsync, StringComparison.Ordinal);
        var received = lines.All.ToList();
        Assert.Equal(Lines + 1, received.Count);
        Assert.Equal(sent, received[..Lines].Select(line => line.ToString())); // in the order sent
        Assert.Equal([0x61, 0xFF, 0x62], received[Lines].Span.ToArray());
    }

    [Fact]
    public async Task ABatchsTask_RunsOnTheExecutorHoldingTheCopy_WhileTheReceiversIsBusy()
    {
        using var test = new StreamingTestContext(master: "local-cluster[3,1]");
        var receivers = new ReceiverEvents();
        test.Context.AddStreamingListener(receivers);
        var ranOn = test.Collect(test.Context.ReceiverStream(new NumberingReceiver(_signals, RecordsPerStart))
            .Map(_ => Environment.ProcessId));
        test.Context.Start();

        await StoredAsync(exceptIn: []);
        var receiving = await receivers.StartedOnAsync;
        var executors = test.Context.SluiceContext.GetExecutorInfos();
        var holders = executors.Where(executor => executor.ReceivedBlocks == 1).Select(executor => executor.Id).ToList();
        Assert.Equal(2, holders.Count);
        Assert.Contains(receiving, holders);
        Assert.Equal(1, executors.Single(executor => executor.Id == receiving).Receivers);
        await test.RunBatchesAsync(1);

        var copy = holders.Single(holder => holder != receiving);
        Assert.Equal(RecordsPerStart, ranOn.All.Count);
        Assert.All(ranOn.All, process => Assert.Equal(copy, ExecutorIdOf(process)));
    }

    [Fact]
    public async Task WithTheWriteAheadLog_TheReceiverRunsOnTheDriver_WhoseLogKeepsItsBlocks()
    {
        var checkpoints = Path.Combine(_signals, "checkpoints");
        using var test = new StreamingTestContext(master: "local-cluster[2,1]", configure: options => options.ReceiverWriteAheadLog = true);
        test.Context.Checkpoint(checkpoints);
        var receivers = new ReceiverEvents();
        test.Context.AddStreamingListener(receivers);
        var records = test.Collect(test.Context.ReceiverStream(new NumberingReceiver(_signals, RecordsPerStart)));
        test.Context.Start();

        Assert.Equal(Environment.ProcessId, await StoredAsync(exceptIn: []));
        await test.RunBatchesAsync(1);

        Assert.Equal(Enumerable.Range(0, RecordsPerStart), records.All.Select(record => record.Index).Order());
        Assert.Null(await receivers.StartedOnAsync);
        Assert.NotEmpty(Directory.EnumerateFiles(checkpoints, "received-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AReceiverThatCannotConnect_SaysSoOnTheDriver_NamingItsExecutor()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nothing listens on

        using var test = new StreamingTestContext(master: "local-cluster[2,1]");
        var receivers = new ReceiverEvents();
        test.Context.AddStreamingListener(receivers);
        test.Collect(test.Context.SocketTextStream("127.0.0.1", port));
        test.Context.Start();

        var error = await receivers.FirstErrorAsync;
        Assert.Contains($"Error connecting to 127.0.0.1:{port}", error.LastErrorMessage, StringComparison.Ordinal);
        Assert.StartsWith("executor-", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void AReceiverHoldingWhatCannotTravel_IsRefusedWithItsStream_NamingIt()
    {
        using var test = new StreamingTestContext(master: "local-cluster[2,1]");

        var error = Assert.Throws<InvalidOperationException>(() => test.Context.ReceiverStream(new ReceiverWithAStream()));
        Assert.Contains("_log", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_signals, recursive: true);

    /// <summary>The executor id local-cluster gave process <paramref name="process"/>, in the environment it started with.</summary>
    private static string? ExecutorIdOf(int process)
        => File.ReadAllText($"/proc/{process}/environ").Split('\0')
            .FirstOrDefault(variable => variable.StartsWith("SLUICE_EXECUTOR_ID=", StringComparison.Ordinal))?["SLUICE_EXECUTOR_ID=".Length..];

    /// <summary>
    /// Runs batches until <paramref name="done"/>: blocks reach the driver on the executor's own timer, not the test's
    /// clock. Fails after <see cref="StreamingTestContext.BatchTimeout"/>.
    /// </summary>
    private static async Task RunBatchesUntilAsync(StreamingTestContext test, Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + StreamingTestContext.BatchTimeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not all of {what} were counted within {StreamingTestContext.BatchTimeout.TotalSeconds} s.");
            await test.RunBatchesAsync(1);
        }
    }

    /// <summary>The process whose receiver has stored its records (a file it writes once the driver has them all), other than <paramref name="exceptIn"/>.</summary>
    private async Task<int> StoredAsync(int[] exceptIn)
    {
        var deadline = DateTime.UtcNow + StreamingTestContext.BatchTimeout;
        while (true)
        {
            var stored = Directory.EnumerateFiles(_signals, "stored-*")
                .Select(file => int.Parse(Path.GetFileName(file)["stored-".Length..], CultureInfo.InvariantCulture))
                .Where(process => !exceptIn.Contains(process)).ToList();
            if (stored.Count > 0)
            {
                return stored[0];
            }

            Assert.True(DateTime.UtcNow < deadline, "No receiver stored its records within a minute.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Stores records 0 to count - 1, tagged with its process, as one block (which returns once the driver has
    /// acknowledged it) or <paramref name="oneByOne"/> (into the current block), then says so in a file named after
    /// its process, and waits to be stopped.
    /// </summary>
    private sealed class NumberingReceiver(string signals, int count, bool oneByOne = false) : Receiver<(int Process, int Index)>
    {
        public override void OnStart()
        {
            new Thread(() =>
            {
                var process = Environment.ProcessId;
                if (oneByOne)
                {
                    Enumerable.Range(0, count).ToList().ForEach(index => Store((process, index)));
                }
                else
                {
                    Store(Enumerable.Range(0, count).Select(index => (process, index)));
                }

                File.WriteAllText(Path.Combine(signals, $"stored-{process}"), "");
            }) { IsBackground = true }.Start();
        }

        public override void OnStop()
        {
        }
    }

    /// <summary>A receiver that opened a stream in its constructor: it cannot travel to an executor.</summary>
    private sealed class ReceiverWithAStream : Receiver<string>
    {
        private readonly Stream _log = new MemoryStream();

        public override void OnStart() => _log.WriteByte(1);

        public override void OnStop()
        {
        }
    }

    private sealed class ReceiverEvents : IStreamingListener
    {
        private readonly TaskCompletionSource<string?> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<ReceiverInfo> _error = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StoppedAsync => _stopped.Task.WaitAsync(StreamingTestContext.BatchTimeout);

        public void OnReceiverStopped(ReceiverInfo receiver) => _stopped.TrySetResult();

        public Task<string?> StartedOnAsync => _started.Task.WaitAsync(StreamingTestContext.BatchTimeout);

        public Task<ReceiverInfo> FirstErrorAsync => _error.Task.WaitAsync(StreamingTestContext.BatchTimeout);

        public void OnReceiverStarted(ReceiverInfo receiver) => _started.TrySetResult(receiver.Location);

        public System.Collections.Concurrent.ConcurrentQueue<ReceiverInfo> Errors { get; } = new();

        public void OnReceiverError(ReceiverInfo receiver)
        {
            Errors.Enqueue(receiver);
            _error.TrySetResult(receiver);
        }
    }
}
