using BenchmarkDotNet.Running;
using Sluice.Benchmarks;

// `wordcount`, `overhead`, `socket`, `memory`, `windows`, `state`, `checkpoint`, `kafka`, `mqtt`, `nats`, `kinesis`, `monitoring`, `database`, `fuzz`, `wal`, `fetch`, `executor-loss`, `scale`, `sort`, `kmeans` and `regression` are harnesses that print their own tables; anything else goes to
// BenchmarkDotNet (for example `--filter *Pipeline*`).
try
{
    return await RunAsync(args);
}
catch (ArgumentException usage)
{
    // The harnesses throw it for arguments they do not take; a run with a misread option would measure the wrong thing.
    Console.Error.WriteLine($"error: {usage.Message}");
    return 2;
}

static async Task<int> RunAsync(string[] args) => args.FirstOrDefault() switch
{
    "wordcount" => await WordCountHarness.RunAsync(args[1..]),
    "overhead" => await BatchOverheadHarness.RunAsync(args[1..]),
    "socket" => await SocketWordCountHarness.RunAsync(args[1..]),
    "memory" => await MemoryHarness.RunAsync(args[1..]),
    "windows" => await WindowHarness.RunAsync(args[1..]),
    "state" => await StateHarness.RunAsync(args[1..]),
    "checkpoint" => await CheckpointHarness.RunAsync(args[1..]),
    "kafka" => await KafkaHarness.RunAsync(args[1..]),
    "mqtt" => await MqttHarness.RunAsync(args[1..]),
    "nats" => await NatsHarness.RunAsync(args[1..]),
    "kinesis" => await KinesisHarness.RunAsync(args[1..]),
    "monitoring" => await MonitoringHarness.RunAsync(args[1..]),
    "database" => await DatabaseHarness.RunAsync(args[1..]),
    "fuzz" => await FuzzHarness.RunAsync(args[1..]),
    "wal" => await WriteAheadLogHarness.RunAsync(args[1..]),
    "fetch" => await BlockFetchHarness.RunAsync(args[1..]),
    "executor-loss" => await ExecutorLossHarness.RunAsync(args[1..]),
    "scale" => await ScaleHarness.RunAsync(args[1..]),
    "sort" => await SortHarness.RunAsync(args[1..]),
    "kmeans" or "regression" => await LearningHarness.RunAsync(args[0], args[1..]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(WordCountHarness).Assembly).Run(args);
    return 0;
}
