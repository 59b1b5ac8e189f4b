using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Sluice.Cli;
using Sluice.Kafka;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>kafka</c>: the word count over a Kafka direct stream from the development cluster, end to end (offsets, reads
/// in one task per partition, the count and its top 10), against two yardsticks reading the same records with
/// nothing else to do, in the same process: one Confluent consumer assigned every partition, and one consumer per
/// partition, warmed up by reading a tenth first, then read two partitions at a time (Sluice's access pattern with
/// no engine), alone and with a hand-written word count on each thread (merged, top 10 taken) as the same job. 100-byte lines over 32 partitions, because the mock cluster keeps only about 5 MiB per partition.
/// </summary>
internal static class KafkaHarness
{
    private const string Topic = "lines";
    private const int Partitions = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--records", "--rounds"]);
        var records = options.GetInt("--records", 1_000_000);
        var rounds = options.GetInt("--rounds", 3);
        Console.WriteLine($"{records:N0} lines of 100 bytes in {Partitions} partitions of the development cluster, local[2]");
        Console.WriteLine("| round | one Confluent consumer, records/s | 32 warm consumers on 2 threads, records/s | the same, with a hand-written word count | Sluice word count, records/s | Sluice / hand-written |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            using var cluster = KafkaDevCluster.Start(brokers: 1);
            cluster.CreateTopic(Topic, Partitions);
            Produce(cluster, records);
            var raw = RawRead(cluster, records);
            var perPartition = await PerPartitionReadAsync(cluster, records, "read-only", countWords: false);
            var handWritten = await PerPartitionReadAsync(cluster, records, "hand-written", countWords: true);
            var sluice = await WordCountAsync(cluster, records);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {round} | {raw / 1e3:F0}k | {perPartition / 1e3:F0}k | {handWritten / 1e3:F0}k | {sluice / 1e3:F0}k | {sluice / handWritten:F2} |"));
        }

        return 0;
    }

    private static void Produce(KafkaDevCluster cluster, int records)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 20, BatchSize = 1_000_000 }).Build();
        string[] words = ["stream", "batch", "window", "state", "kafka", "offset", "spark", "sluice", "checkpoint", "partition"];
        for (var i = 0; i < records; i++)
        {
            var line = $"{words[i % 10]} {words[(i / 10) % 10]} {words[(i / 100) % 10]} {i:D12} ".PadRight(100, 'x');
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(Topic, i % Partitions), new Message<Null, string> { Value = line });
                    break;
                }
                catch (ProduceException<Null, string> full) when (full.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(2));
    }

    /// <summary>One consumer assigned every partition, reading every record once: records per second.</summary>
    private static double RawRead(KafkaDevCluster cluster, int records)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "yardstick", EnablePartitionEof = false }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        for (var read = 0; read < records; read++)
        {
            bytes += (consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("the yardstick consumer stalled")).Message.Value.Length;
        }

        var rate = records / watch.Elapsed.TotalSeconds;
        GC.KeepAlive(bytes);
        return rate;
    }

    /// <summary>
    /// One consumer per partition (assigned, as Sluice's task consumers): each reads a tenth of its partition first,
    /// untimed, as Sluice's warm-up batch; then two threads read the rest, taking the partitions in turn, and with
    /// <paramref name="countWords"/> count the words of each line in a dictionary per thread, merged at the end
    /// with the top 10 taken: records per second of that second part.
    /// </summary>
    private static async Task<double> PerPartitionReadAsync(KafkaDevCluster cluster, int records, string group, bool countWords)
    {
        var config = new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = group, EnablePartitionEof = false };
        var consumers = Enumerable.Range(0, Partitions).Select(partition =>
        {
            var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
            consumer.Assign(new TopicPartitionOffset(Topic, partition, Offset.Beginning));
            return (Consumer: consumer, Records: (records / Partitions) + (partition < records % Partitions ? 1 : 0));
        }).ToList();
        try
        {
            static void Read(IConsumer<Ignore, string> consumer, int count, Dictionary<string, int>? counts)
            {
                for (var read = 0; read < count; read++)
                {
                    var line = (consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("a yardstick consumer stalled")).Message.Value;
                    if (counts is null)
                    {
                        continue;
                    }

                    foreach (var word in line.Split(' '))
                    {
                        if (word.Length > 0)
                        {
                            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
                        }
                    }
                }
            }

            var warmUp = consumers.Select(entry => entry.Records / 10).ToList();
            for (var partition = 0; partition < Partitions; partition++)
            {
                Read(consumers[partition].Consumer, warmUp[partition], counts: null);
            }

            var next = -1;
            var watch = Stopwatch.StartNew();
            var perThread = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                var counts = countWords ? new Dictionary<string, int>() : null;
                for (var partition = Interlocked.Increment(ref next); partition < Partitions; partition = Interlocked.Increment(ref next))
                {
                    Read(consumers[partition].Consumer, consumers[partition].Records - warmUp[partition], counts);
                }

                return counts;
            })));
            if (countWords)
            {
                var merged = perThread[0]!;
                foreach (var (word, count) in perThread[1]!)
                {
                    System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(merged, word, out _) += count;
                }

                GC.KeepAlive(merged.OrderByDescending(pair => pair.Value).Take(10).ToList());
            }

            return (records - warmUp.Sum()) / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            consumers.ForEach(entry => entry.Consumer.Dispose());
        }
    }

    /// <summary>A first batch of a tenth of the records warms the task consumers up; the second batch, the rest, is timed.</summary>
    private static async Task<double> WordCountAsync(KafkaDevCluster cluster, int records)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), "local[2]");
        var config = new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "wordcount", AutoOffsetReset = AutoOffsetReset.Earliest };
        var stream = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent, ConsumerStrategies.Subscribe<Ignore, string>([Topic], config),
            new KafkaStreamOptions { MaxRecordsFirstBatch = records / 10 });
        WordCountPipeline.CountsDescending(stream.Map(record => record.Message.Value)).ForeachRdd(rdd => rdd.Take(10));
        await test.RunBatchesAsync(1);
        var watch = Stopwatch.StartNew();
        await test.RunBatchesAsync(1);
        var batch = test.CompletedBatches[^1];
        return batch.NumRecords / watch.Elapsed.TotalSeconds;
    }
}
