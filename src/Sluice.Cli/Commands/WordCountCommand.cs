using System.CommandLine;
using Confluent.Kafka;
using Sluice.Flume;
using Sluice.Kafka;
using Sluice.Kinesis;
using Sluice.Mqtt;
using Sluice.Nats;
using Sluice.RabbitMQ;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice wordcount --host H --port P</c>: Spark Streaming's classic network word count (feed it with
/// <c>cat some.log | nc -lk 10777</c>), <c>--dir D</c> for the new text files of a directory, or
/// <c>--kafka B --topic T</c> for the records of a Kafka topic (a direct stream), or <c>--mqtt URL --topic F</c> for
/// the messages of an MQTT broker (a receiver), or <c>--rabbitmq URL --queue Q</c> for a RabbitMQ queue (a receiver;
/// with <c>--rabbitmq-stream</c>, a direct stream over a stream queue), or <c>--nats URL --subject S</c> for core NATS
/// subjects (a receiver) or <c>--nats URL --nats-stream NAME</c> for a JetStream stream (a direct stream), or
/// <c>--kinesis STREAM</c> for a Kinesis data stream (a direct stream), or <c>--flume HOST:PORT</c> for what Flume's
/// Avro sink sends (a receiver).
/// </summary>
internal static class WordCountCommand
{
    public static Command Create(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var host = new Option<string>("--host") { Description = "The host of the TCP server sending text lines." };
        var port = CliOptions.Positive("--port", "The port of the TCP server sending text lines", defaultValue: null, maximum: 65535);
        var directory = new Option<string>("--dir") { Description = "Instead of a socket: a directory whose new text files are counted (files renamed into it)." };
        var kafka = new Option<string>("--kafka") { Description = "Instead of a socket: Kafka's bootstrap servers (host:port,...); each record's value is a line. `sluice kafka-dev` starts a cluster to try it." };
        var mqtt = new Option<string>("--mqtt") { Description = "Instead of a socket: an MQTT broker, tcp://HOST:PORT (port 1883 when omitted); each message's payload is a line." };
        var mqttClientId = new Option<string>("--mqtt-client-id") { Description = "With --mqtt: the client id, for a session the broker keeps for a day: after a restart it sends what was published meanwhile. A clean session when omitted." };
        var mqttUser = new Option<string>("--mqtt-user") { Description = "With --mqtt: the user name; the password is read from SLUICE_MQTT_PASSWORD." };
        var topic = new Option<string[]>("--topic") { Description = "With --kafka: the topic(s) to read; with --mqtt: the topic filter(s) to subscribe to (+ and # allowed).", AllowMultipleArgumentsPerToken = true };
        var rabbitmq = new Option<string>("--rabbitmq") { Description = "Instead of a socket: a RabbitMQ broker, amqp://USER:PASSWORD@HOST:PORT/VHOST (guest on localhost when omitted); each message's body is a line." };
        var queue = new Option<string>("--queue") { Description = "With --rabbitmq: the queue to consume (it must exist)." };
        var rabbitmqStream = new Option<bool>("--rabbitmq-stream") { Description = "With --rabbitmq: the queue is a stream queue, read by offset from its first message as a direct stream (exactly once with --checkpoint) instead of by a receiver." };
        var nats = new Option<string>("--nats") { Description = "Instead of a socket: a NATS server, nats://HOST:PORT; each message's payload is a line." };
        var subject = new Option<string[]>("--subject") { Description = "With --nats: the core NATS subject(s) to subscribe to (* and > allowed), by a receiver (at most once).", AllowMultipleArgumentsPerToken = true };
        var natsStream = new Option<string>("--nats-stream") { Description = "With --nats: a JetStream stream, read by sequence number from its first message as a direct stream (exactly once with --checkpoint)." };
        var kinesis = new Option<string>("--kinesis") { Description = "Instead of a socket: a Kinesis data stream's name, read by sequence number from each shard's oldest record as a direct stream (exactly once with --checkpoint); credentials as the AWS SDK finds them (AWS_ACCESS_KEY_ID, ...)." };
        var kinesisEndpoint = new Option<string>("--kinesis-endpoint") { Description = "With --kinesis: the endpoint URL (kinesalite's, for example http://127.0.0.1:4567); Kinesis' own for the region when omitted." };
        var region = new Option<string>("--region") { Description = "With --kinesis: the AWS region.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1" };
        var flume = new Option<string>("--flume") { Description = "Instead of a socket: HOST:PORT to listen on for Flume's Avro sink (type avro, hostname HOST, port PORT); each event's body is a line." };
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
        var command = new Command("wordcount", "Counts words of text lines from a TCP socket, a directory, Kafka, MQTT, RabbitMQ, NATS, Kinesis or Flume, batch by batch, and prints the most frequent.")
        {
            host, port, directory, kafka, mqtt, mqttClientId, mqttUser, topic, group, kafkaConfig, rabbitmq, queue, rabbitmqStream, nats, subject, natsStream, kinesis, kinesisEndpoint, region, flume,
        };
        run.AddTo(command);
        command.Validators.Add(result =>
        {
            var socket = result.GetResult(host) is not null || result.GetResult(port) is not null;
            var files = result.GetResult(directory) is not null;
            var topics = result.GetResult(kafka) is not null;
            var messages = result.GetResult(mqtt) is not null;
            var queues = result.GetResult(rabbitmq) is not null;
            var subjects = result.GetResult(nats) is not null;
            var shards = result.GetResult(kinesis) is not null;
            var sink = result.GetResult(flume) is not null;
            if ((socket ? 1 : 0) + (files ? 1 : 0) + (topics ? 1 : 0) + (messages ? 1 : 0) + (queues ? 1 : 0) + (subjects ? 1 : 0) + (shards ? 1 : 0) + (sink ? 1 : 0) != 1 || (socket && (result.GetResult(host) is null || result.GetResult(port) is null)))
            {
                result.AddError("Give one source: --host and --port (a TCP server sending lines, e.g. `nc -lk 10777`), --dir (a directory of text files), --kafka and --topic (a Kafka topic), --mqtt and --topic (an MQTT broker), --rabbitmq and --queue (a RabbitMQ queue), --nats with --subject or --nats-stream (NATS), --kinesis (a Kinesis data stream), or --flume HOST:PORT (Flume's Avro sink).");
            }
            else if (!shards && result.GetResult(kinesisEndpoint) is not null)
            {
                result.AddError("--kinesis-endpoint goes with --kinesis.");
            }
            else if (subjects != ((result.GetResult(subject) is not null) ^ (result.GetResult(natsStream) is not null)) || (!subjects && (result.GetResult(subject) is not null || result.GetResult(natsStream) is not null)))
            {
                result.AddError("--nats goes with one of --subject (core NATS subjects) and --nats-stream (a JetStream stream).");
            }
            else if (queues != (result.GetResult(queue) is not null) || (!queues && result.GetResult(rabbitmqStream) is not null))
            {
                result.AddError("--rabbitmq and --queue go together (with --rabbitmq-stream for a stream queue): the broker and the queue to consume.");
            }
            else if ((topics || messages) != (result.GetResult(topic) is not null))
            {
                result.AddError(messages ? "--mqtt and --topic go together: the broker and the topic filter(s) to subscribe to." : "--kafka and --topic go together: the brokers and the topic(s) to read.");
            }

            if (!messages && (result.GetResult(mqttClientId) is not null || result.GetResult(mqttUser) is not null))
            {
                result.AddError("--mqtt-client-id and --mqtt-user go with --mqtt.");
            }

            var receives = socket || messages || sink || (queues && !result.GetValue(rabbitmqStream)) || (subjects && result.GetResult(subject) is not null);
            if (!receives && result.GetResult(run.Wal) is not null)
            {
                result.AddError("--wal logs what a receiver (a socket, MQTT, a RabbitMQ queue, NATS subjects, Flume) received; files, Kafka records, stream queues, JetStream and Kinesis streams are read again from their source after a crash and need no log.");
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
            else if (parsed.GetValue(mqtt) is { } broker)
            {
                var options = MqttOptions(broker, parsed.GetRequiredValue(topic), parsed.GetValue(mqttClientId), parsed.GetValue(mqttUser));
                source = new WordCountSource($"MQTT topic {string.Join(", ", options.TopicFilters)} at {options.Host}:{options.Port}", Receives: true, ctx => MqttUtils.CreateTextStream(ctx, options));
            }
            else if (parsed.GetValue(rabbitmq) is { } url)
            {
                source = RabbitMQLines(url, parsed.GetRequiredValue(queue), parsed.GetValue(rabbitmqStream), run.MaxRateOf(parsed));
            }
            else if (parsed.GetValue(nats) is { } server)
            {
                source = NatsLines(server, parsed.GetValue(subject), parsed.GetValue(natsStream), run.MaxRateOf(parsed));
            }
            else if (parsed.GetValue(kinesis) is { } streamName)
            {
                var options = new KinesisStreamOptions { StreamName = streamName, ServiceUrl = parsed.GetValue(kinesisEndpoint), Region = parsed.GetRequiredValue(region), StartFrom = KinesisStreamStart.TrimHorizon, MaxRatePerSecond = run.MaxRateOf(parsed) };
                source = new WordCountSource($"Kinesis stream {streamName} at {options.ServiceUrl ?? options.Region}", Receives: false, ctx => KinesisUtils.CreateTextDirectStream(ctx, options));
            }
            else if (parsed.GetValue(flume) is { } listen)
            {
                var options = FlumeOptions(listen);
                source = new WordCountSource($"Flume's Avro sink on {options.Host}:{options.Port}", Receives: true, ctx => FlumeUtils.CreateTextStream(ctx, options));
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

    /// <summary>A queue's bodies as lines: by a receiver, or as a direct stream over a stream queue from its first message.</summary>
    private static WordCountSource RabbitMQLines(string url, string queue, bool streamQueue, int? maxRate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || uri.Host.Length == 0)
        {
            throw new CliUsageException($"--rabbitmq {url}: expected amqp://HOST:PORT/ (or amqp://USER:PASSWORD@HOST:PORT/VHOST), for example amqp://localhost:5672/.");
        }

        var where = $"RabbitMQ {(streamQueue ? "stream queue" : "queue")} {queue} at {uri.Host}:{(uri.IsDefaultPort ? 5672 : uri.Port)}";
        return streamQueue
            ? new WordCountSource(where, Receives: false, ctx => RabbitMQUtils.CreateTextDirectStream(ctx, new RabbitMQStreamQueueOptions { Url = url, Queue = queue, StartFrom = RabbitMQStreamStart.First, MaxRatePerSecond = maxRate }))
            : new WordCountSource(where, Receives: true, ctx => RabbitMQUtils.CreateTextQueueStream(ctx, new RabbitMQQueueOptions { Url = url, Queue = queue }));
    }

    /// <summary>Payloads as lines: of core NATS subjects by a receiver, or of a JetStream stream from its first message as a direct stream.</summary>
    private static WordCountSource NatsLines(string url, string[]? subjects, string? stream, int? maxRate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls") || uri.Host.Length == 0)
        {
            throw new CliUsageException($"--nats {url}: expected nats://HOST:PORT, for example nats://localhost:4222.");
        }

        var at = $"at {uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 4222 : uri.Port)}";
        return stream is not null
            ? new WordCountSource($"JetStream stream {stream} {at}", Receives: false, ctx => NatsUtils.CreateTextDirectStream(ctx, new NatsJetStreamOptions { Url = url, Stream = stream, StartFrom = NatsStreamStart.First, MaxRatePerSecond = maxRate }))
            : new WordCountSource($"NATS subject {string.Join(", ", subjects!)} {at}", Receives: true, ctx => NatsUtils.CreateTextSubjectStream(ctx, new NatsSubjectOptions { Url = url, Subjects = subjects! }));
    }

    /// <summary>Where to listen for Flume's Avro sink, <c>HOST:PORT</c>.</summary>
    private static FlumeStreamOptions FlumeOptions(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new CliUsageException($"--flume {listen}: expected HOST:PORT to listen on, for example localhost:41414 (the Avro sink's hostname and port).");
        }

        return new FlumeStreamOptions { Host = listen[..colon], Port = number };
    }

    /// <summary>Where the broker is (<c>tcp://HOST:PORT</c>), what to subscribe to, and as whom.</summary>
    private static MqttStreamOptions MqttOptions(string broker, string[] filters, string? clientId, string? user)
    {
        if (!Uri.TryCreate(broker.Contains("://", StringComparison.Ordinal) ? broker : $"tcp://{broker}", UriKind.Absolute, out var url) || url.Scheme is not ("tcp" or "mqtt") || url.Host.Length == 0)
        {
            throw new CliUsageException($"--mqtt {broker}: expected tcp://HOST:PORT (or HOST:PORT), for example tcp://localhost:1883.");
        }

        return new MqttStreamOptions
        {
            Host = url.Host,
            Port = url.IsDefaultPort ? 1883 : url.Port,
            TopicFilters = filters,
            ClientId = clientId,
            SessionExpiry = clientId is null ? TimeSpan.Zero : TimeSpan.FromDays(1),
            UserName = user,
            Password = user is null ? null : Environment.GetEnvironmentVariable("SLUICE_MQTT_PASSWORD"),
        };
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
