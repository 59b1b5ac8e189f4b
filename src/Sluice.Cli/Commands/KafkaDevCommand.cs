using System.CommandLine;
using System.Globalization;
using Sluice.Kafka;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice kafka-dev [--brokers 3] [--topic NAME:PARTITIONS ...]</c>: a Kafka cluster for trying the Kafka
/// examples with no Kafka installed (librdkafka's mock cluster, the real protocol on 127.0.0.1), until Ctrl+C.
/// </summary>
internal static class KafkaDevCommand
{
    public static Command Create(TextWriter output, Logging.CliLogging logging)
    {
        var brokers = CliOptions.Positive("--brokers", "How many brokers", 3);
        var topics = new Option<string[]>("--topic")
        {
            Description = "A topic to create, NAME:PARTITIONS (NAME alone: 4 partitions); repeat for more. Topics are also created on first use.",
            AllowMultipleArgumentsPerToken = true,
        };
        topics.Validators.Add(result =>
        {
            foreach (var topic in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TryParse(topic, out _, out _))
                {
                    result.AddError($"--topic {topic}: expected NAME or NAME:PARTITIONS, with a positive number of partitions.");
                }
            }
        });

        var command = new Command("kafka-dev", "Runs a development Kafka cluster (librdkafka's mock cluster) on 127.0.0.1 and prints its bootstrap address, until Ctrl+C.")
        {
            brokers, topics,
        };
        command.SetAction(async (parsed, cancellation) =>
        {
            using var shutdown = new ShutdownSignal(parsed.InvocationConfiguration.Error, "Stopping the Kafka development cluster...");
            using var loggers = logging.CreateFactory(parsed, parsed.InvocationConfiguration.Error);
            var logger = loggers.CreateLogger("Sluice.Cli");
            using var cluster = KafkaDevCluster.Start(parsed.GetValue(brokers));
            foreach (var topic in parsed.GetValue(topics) ?? [])
            {
                TryParse(topic, out var name, out var partitions);
                cluster.CreateTopic(name, partitions);
                await output.WriteLineAsync($"Created topic {name} with {partitions} partitions.").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"Kafka development cluster with {cluster.Brokers} brokers: {cluster.BootstrapServers}").ConfigureAwait(false);
            await output.WriteLineAsync($"Try: sluice wordcount --kafka {cluster.BootstrapServers} --topic lines   (produce with: kcat -P -b {cluster.BootstrapServers} -t lines -X sticky.partitioning.linger.ms=0 < some.log)").ConfigureAwait(false);
            await output.WriteLineAsync("Each partition keeps about 5 MiB: give a topic enough partitions for what you produce (--topic lines:8 for 20 MB); kafka-dev warns when it drops records.").ConfigureAwait(false);
            await output.FlushAsync(cancellation).ConfigureAwait(false);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellation, shutdown.Token);
            try
            {
                while (true)
                {
                    await Task.Delay(RetentionCheckInterval, both.Token).ConfigureAwait(false);
                    WarnOfDroppedRecords(cluster, logger);
                }
            }
            catch (OperationCanceledException)
            {
            }

            await output.WriteLineAsync("Kafka development cluster stopped.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>How often the cluster is asked what its retention dropped.</summary>
    private static readonly TimeSpan RetentionCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Says which records the mock's retention dropped, so nobody counts a topic short without knowing.</summary>
    private static void WarnOfDroppedRecords(KafkaDevCluster cluster, Microsoft.Extensions.Logging.ILogger logger)
    {
        try
        {
            foreach (var range in cluster.DroppedRecords(TimeSpan.FromSeconds(5)))
            {
                Logging.CliLog.KafkaRecordsDropped(logger, range.Count, range.Topic, range.Partition, range.FromOffset, range.UntilOffset - 1);
            }
        }
        catch (Confluent.Kafka.KafkaException error)
        {
            Logging.CliLog.KafkaRetentionUnknown(logger, error.Message);
        }
    }

    private static bool TryParse(string topic, out string name, out int partitions)
    {
        var parts = topic.Split(':');
        name = parts[0];
        partitions = 4;
        return parts.Length switch
        {
            1 => name.Length > 0,
            2 => name.Length > 0 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out partitions) && partitions > 0,
            _ => false,
        };
    }
}
