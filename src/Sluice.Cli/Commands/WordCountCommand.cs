using System.CommandLine;
using Confluent.Kafka;
using Sluice.Kafka;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice wordcount --host H --port P</c>: Spark Streaming's classic network word count (feed it with
/// <c>cat some.log | nc -lk 10777</c>), <c>--dir D</c> for the new text files of a directory, or
/// <c>--kafka B --topic T</c> for the records of a Kafka topic (a direct stream).
/// </summary>
internal static class WordCountCommand
{
    public static Command Create(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var host = new Option<string>("--host") { Description = "The host of the TCP server sending text lines." };
        var port = CliOptions.Positive("--port", "The port of the TCP server sending text lines", defaultValue: null, maximum: 65535);
        var directory = new Option<string>("--dir") { Description = "Instead of a socket: a directory whose new text files are counted (files renamed into it)." };
        var kafka = new Option<string>("--kafka") { Description = "Instead of a socket: Kafka's bootstrap servers (host:port,...); each record's value is a line. `sluice kafka-dev` starts a cluster to try it." };
        var topic = new Option<string[]>("--topic") { Description = "With --kafka: the topic(s) to read.", AllowMultipleArgumentsPerToken = true };
        var group = new Option<string>("--group") { Description = "With --kafka: the consumer group id.", DefaultValueFactory = _ => "sluice-wordcount" };
        var kafkaConfig = new Option<string[]>("--kafka-config")
        {
            Description = "With --kafka: a librdkafka consumer property, KEY=VALUE (for example security.protocol=SASL_SSL or session.timeout.ms=10000); repeat for more.",
            AllowMultipleArgumentsPerToken = true,
        };
        kafkaConfig.Validators.Add(result =>
        {
            foreach (var pair in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (pair.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--kafka-config {pair}: expected KEY=VALUE, a librdkafka consumer property.");
                }
            }
        });
        var run = new WordCountRunOptions(logging, storage, telemetry);
        var command = new Command("wordcount", "Counts words of text lines from a TCP socket, a directory or Kafka, batch by batch, and prints the most frequent.")
        {
            host, port, directory, kafka, topic, group, kafkaConfig,
        };
        run.AddTo(command);
        command.Validators.Add(result =>
        {
            var socket = result.GetResult(host) is not null || result.GetResult(port) is not null;
            var files = result.GetResult(directory) is not null;
            var topics = result.GetResult(kafka) is not null;
            if ((socket ? 1 : 0) + (files ? 1 : 0) + (topics ? 1 : 0) != 1 || (socket && (result.GetResult(host) is null || result.GetResult(port) is null)))
            {
                result.AddError("Give one source: --host and --port (a TCP server sending lines, e.g. `nc -lk 10777`), --dir (a directory of text files), or --kafka and --topic (a Kafka topic).");
            }
            else if (topics != (result.GetResult(topic) is not null))
            {
                result.AddError("--kafka and --topic go together: the brokers and the topic(s) to read.");
            }

            if (!socket && result.GetResult(run.Wal) is not null)
            {
                result.AddError("--wal logs what a socket receiver received; files and Kafka records are read again from their source after a crash and need no log.");
            }

            if (files && (result.GetResult(run.Backpressure) is not null || result.GetResult(run.MaxRate) is not null))
            {
                result.AddError("--backpressure and --max-rate limit sockets and Kafka; a directory's new files are each read whole in one batch.");
            }
        });

        command.SetAction(async (parsed, _) =>
        {
            Action? commitOffsets = null;
            WordCountSource source;
            if (parsed.GetValue(directory) is { } path)
            {
                source = new WordCountSource(path, Receives: false, ctx => ctx.TextFileStream(path))
                {
                    WhyNothing = () => Directory.Exists(path) || path.AsSpan().IndexOfAny('*', '?') >= 0 ? null : "the directory does not exist. Create it, or give the right path to --dir.",
                };
            }
            else if (parsed.GetValue(kafka) is { } brokers)
            {
                var config = KafkaConfig(brokers, parsed.GetRequiredValue(group), parsed.GetValue(kafkaConfig) ?? []);
                var names = parsed.GetRequiredValue(topic);
                source = new WordCountSource($"Kafka topic {string.Join(", ", names)} at {brokers}", Receives: false, ctx => KafkaLines(ctx, config, names, run.MaxRateOf(parsed), out commitOffsets))
                {
                    AfterOutput = () => commitOffsets?.Invoke(),
                };
            }
            else
            {
                var (address, number) = (parsed.GetRequiredValue(host), parsed.GetValue(port));
                source = new WordCountSource($"{address}:{number}", Receives: true, ctx => ctx.SocketTextStream(address, number));
            }

            return await run.CreateAndRunAsync(parsed, output, source).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// The values of a topic's records as lines, from the earliest offset the group has not committed.
    /// <paramref name="commitOffsets"/> adds the output that commits each batch's offsets, to add after the printing.
    /// </summary>
    private static Streams.DStream<string> KafkaLines(StreamingContext context, ConsumerConfig config, string[] topics, int? maxRatePerPartition, out Action commitOffsets)
    {
        var stream = KafkaUtils.CreateDirectStream(
            context,
            LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Ignore, string>(topics, config),
            new KafkaStreamOptions { MaxRatePerPartition = maxRatePerPartition });
        commitOffsets = () => stream.ForeachRdd(rdd => ((ICanCommitOffsets)stream).CommitAsync(rdd.OffsetRanges()));
        return stream.Map(record => record.Message.Value ?? "");
    }

    /// <summary>The group's consumer config, from the earliest offset the group has not committed, with the user's properties over it.</summary>
    private static ConsumerConfig KafkaConfig(string brokers, string group, string[] properties)
    {
        var config = new ConsumerConfig { BootstrapServers = brokers, GroupId = group, AutoOffsetReset = AutoOffsetReset.Earliest };
        foreach (var property in properties)
        {
            var equals = property.IndexOf('=', StringComparison.Ordinal);
            config.Set(property[..equals], property[(equals + 1)..]);
        }

        return config;
    }
}
