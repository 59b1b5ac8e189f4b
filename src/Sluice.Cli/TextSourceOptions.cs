using System.CommandLine;
using System.CommandLine.Parsing;
using Confluent.Kafka;
using Sluice.Flume;
using Sluice.Kafka;
using Sluice.Kinesis;
using Sluice.Mqtt;
using Sluice.Nats;
using Sluice.RabbitMQ;

namespace Sluice.Cli;

/// <summary>
/// The text sources a word count reads lines from, as options: <c>--host</c> and <c>--port</c> (a TCP server),
/// <c>--dir</c> (new files of a directory), <c>--kafka</c> (a direct stream), <c>--mqtt</c>, <c>--rabbitmq</c>
/// (a queue by a receiver, a stream queue as a direct stream), <c>--nats</c> (subjects by a receiver, a JetStream
/// stream as a direct stream), <c>--kinesis</c> (a direct stream) and <c>--flume</c> (a receiver); with their
/// checks, and the stream of lines the one given makes.
/// </summary>
internal sealed class TextSourceOptions
{
    private readonly Option<string> _host = new("--host") { Description = "The host of the TCP server sending text lines." };
    private readonly Option<int> _port = CliOptions.Positive("--port", "The port of the TCP server sending text lines", defaultValue: null, maximum: 65535);
    private readonly Option<string> _directory = new("--dir") { Description = "Instead of a socket: a directory whose new text files are counted (files renamed into it)." };
    private readonly Option<string> _kafka = new("--kafka") { Description = "Instead of a socket: Kafka's bootstrap servers (host:port,...); each record's value is a line. `sluice kafka-dev` starts a cluster to try it." };
    private readonly Option<string> _mqtt = new("--mqtt") { Description = "Instead of a socket: an MQTT broker, tcp://HOST:PORT (port 1883 when omitted); each message's payload is a line." };
    private readonly Option<string> _mqttClientId = new("--mqtt-client-id") { Description = "With --mqtt: the client id, for a session the broker keeps for a day: after a restart it sends what was published meanwhile. A clean session when omitted." };
    private readonly Option<string> _mqttUser = new("--mqtt-user") { Description = "With --mqtt: the user name; the password is read from SLUICE_MQTT_PASSWORD." };
    private readonly Option<string[]> _topic = new("--topic") { Description = "With --kafka: the topic(s) to read; with --mqtt: the topic filter(s) to subscribe to (+ and # allowed).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string> _rabbitmq = new("--rabbitmq") { Description = "Instead of a socket: a RabbitMQ broker, amqp://USER:PASSWORD@HOST:PORT/VHOST (guest on localhost when omitted); each message's body is a line." };
    private readonly Option<string> _queue = new("--queue") { Description = "With --rabbitmq: the queue to consume (it must exist)." };
    private readonly Option<bool> _rabbitmqStream = new("--rabbitmq-stream") { Description = "With --rabbitmq: the queue is a stream queue, read by offset from its first message as a direct stream (exactly once with --checkpoint) instead of by a receiver." };
    private readonly Option<string> _nats = new("--nats") { Description = "Instead of a socket: a NATS server, nats://HOST:PORT; each message's payload is a line." };
    private readonly Option<string[]> _subject = new("--subject") { Description = "With --nats: the core NATS subject(s) to subscribe to (* and > allowed), by a receiver (at most once).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string> _natsStream = new("--nats-stream") { Description = "With --nats: a JetStream stream, read by sequence number from its first message as a direct stream (exactly once with --checkpoint)." };
    private readonly Option<string> _kinesis = new("--kinesis") { Description = "Instead of a socket: a Kinesis data stream's name, read by sequence number from each shard's oldest record as a direct stream (exactly once with --checkpoint); credentials as the AWS SDK finds them (AWS_ACCESS_KEY_ID, ...)." };
    private readonly Option<string> _kinesisEndpoint = new("--kinesis-endpoint") { Description = "With --kinesis: the endpoint URL (kinesalite's, for example http://127.0.0.1:4567); Kinesis' own for the region when omitted." };
    private readonly Option<string> _region = new("--region") { Description = "With --kinesis: the AWS region.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1" };
    private readonly Option<string> _flume = new("--flume") { Description = "Instead of a socket: HOST:PORT to listen on for Flume's Avro sink (type avro, hostname HOST, port PORT); each event's body is a line." };
    private readonly Option<string> _group = new("--group") { Description = "With --kafka: the consumer group id.", DefaultValueFactory = _ => "sluice-wordcount" };
    private readonly Option<string[]> _kafkaConfig = new("--kafka-config")
    {
        Description = "With --kafka: a librdkafka consumer property, KEY=VALUE (for example security.protocol=SASL_SSL or session.timeout.ms=10000); repeat for more.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Adds the options and their checks; <paramref name="social"/>, when the command has it, is one more kind of source to choose from.</summary>
    public void AddTo(Command command, RunOptions run, SocialSourceOptions? social = null)
    {
        foreach (Option option in (Option[])[_host, _port, _directory, _kafka, _mqtt, _mqttClientId, _mqttUser, _topic, _rabbitmq, _queue, _rabbitmqStream, _nats, _subject, _natsStream, _kinesis, _kinesisEndpoint, _region, _flume, _group, _kafkaConfig])
        {
            command.Options.Add(option);
        }

        _kafkaConfig.Validators.Add(result =>
        {
            foreach (var pair in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (pair.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--kafka-config {pair}: expected KEY=VALUE, a librdkafka consumer property.");
                }
            }
        });
        command.Validators.Add(result => Check(result, run, social));
    }

    /// <summary>The source given, as a stream of lines; <see langword="null"/> when the one given is another kind (a social source).</summary>
    public WordCountSource? Create(ParseResult parsed, RunOptions run)
    {
        Action? commitOffsets = null;
        WordCountSource source;
        if (parsed.GetValue(_directory) is { } path)
        {
            source = new WordCountSource(path, Receives: false, ctx => ctx.TextFileStream(path))
            {
                CreateText = ctx => ctx.Utf8TextFileStream(path),
                WhyNothing = () => Directory.Exists(path) || path.AsSpan().IndexOfAny('*', '?') >= 0 ? null : "the directory does not exist. Create it, or give the right path to --dir.",
            };
        }
        else if (parsed.GetValue(_kafka) is { } brokers)
        {
            var config = KafkaConfig(brokers, parsed.GetRequiredValue(_group), parsed.GetValue(_kafkaConfig) ?? []);
            var names = parsed.GetRequiredValue(_topic);
            source = new WordCountSource($"Kafka topic {string.Join(", ", names)} at {brokers}", Receives: false, ctx => KafkaLines(ctx, config, names, run.MaxRateOf(parsed), out commitOffsets))
            {
                AfterOutput = () => commitOffsets?.Invoke(),
            };
        }
        else if (parsed.GetValue(_mqtt) is { } broker)
        {
            var options = MqttOptions(broker, parsed.GetRequiredValue(_topic), parsed.GetValue(_mqttClientId), parsed.GetValue(_mqttUser));
            source = new WordCountSource($"MQTT topic {string.Join(", ", options.TopicFilters)} at {options.Host}:{options.Port}", Receives: true, ctx => MqttUtils.CreateTextStream(ctx, options));
        }
        else if (parsed.GetValue(_rabbitmq) is { } url)
        {
            source = RabbitMQLines(url, parsed.GetRequiredValue(_queue), parsed.GetValue(_rabbitmqStream), run.MaxRateOf(parsed));
        }
        else if (parsed.GetValue(_nats) is { } server)
        {
            source = NatsLines(server, parsed.GetValue(_subject), parsed.GetValue(_natsStream), run.MaxRateOf(parsed));
        }
        else if (parsed.GetValue(_kinesis) is { } streamName)
        {
            var options = new KinesisStreamOptions { StreamName = streamName, ServiceUrl = parsed.GetValue(_kinesisEndpoint), Region = parsed.GetRequiredValue(_region), StartFrom = KinesisStreamStart.TrimHorizon, MaxRatePerSecond = run.MaxRateOf(parsed) };
            source = new WordCountSource($"Kinesis stream {streamName} at {options.ServiceUrl ?? options.Region}", Receives: false, ctx => KinesisUtils.CreateTextDirectStream(ctx, options));
        }
        else if (parsed.GetValue(_flume) is { } listen)
        {
            var options = FlumeOptions(listen);
            source = new WordCountSource($"Flume's Avro sink on {options.Host}:{options.Port}", Receives: true, ctx => FlumeUtils.CreateTextStream(ctx, options));
        }
        else if (parsed.GetValue(_host) is { } address)
        {
            var number = parsed.GetValue(_port);
            source = WordCountSource.Socket($"{address}:{number}", address, number);
        }
        else
        {
            return null;
        }

        return source;
    }

    private void Check(CommandResult result, RunOptions run, SocialSourceOptions? social)
    {
        var socket = result.GetResult(_host) is not null || result.GetResult(_port) is not null;
        var files = result.GetResult(_directory) is not null;
        var topics = result.GetResult(_kafka) is not null;
        var messages = result.GetResult(_mqtt) is not null;
        var queues = result.GetResult(_rabbitmq) is not null;
        var subjects = result.GetResult(_nats) is not null;
        var shards = result.GetResult(_kinesis) is not null;
        var sink = result.GetResult(_flume) is not null;
        var sources = (socket ? 1 : 0) + (files ? 1 : 0) + (topics ? 1 : 0) + (messages ? 1 : 0) + (queues ? 1 : 0) + (subjects ? 1 : 0) + (shards ? 1 : 0) + (sink ? 1 : 0);
        if (sources + (social?.Given(result) ?? 0) != 1 || (socket && (result.GetResult(_host) is null || result.GetResult(_port) is null)))
        {
            result.AddError($"Give one source: {social?.Choices}--host and --port (a TCP server sending lines, e.g. `nc -lk 10777`), --dir (a directory of text files), --kafka and --topic (a Kafka topic), --mqtt and --topic (an MQTT broker), --rabbitmq and --queue (a RabbitMQ queue), --nats with --subject or --nats-stream (NATS), --kinesis (a Kinesis data stream), or --flume HOST:PORT (Flume's Avro sink).");
        }
        else if (!shards && result.GetResult(_kinesisEndpoint) is not null)
        {
            result.AddError("--kinesis-endpoint goes with --kinesis.");
        }
        else if (subjects != ((result.GetResult(_subject) is not null) ^ (result.GetResult(_natsStream) is not null)) || (!subjects && (result.GetResult(_subject) is not null || result.GetResult(_natsStream) is not null)))
        {
            result.AddError("--nats goes with one of --subject (core NATS subjects) and --nats-stream (a JetStream stream).");
        }
        else if (queues != (result.GetResult(_queue) is not null) || (!queues && result.GetResult(_rabbitmqStream) is not null))
        {
            result.AddError("--rabbitmq and --queue go together (with --rabbitmq-stream for a stream queue): the broker and the queue to consume.");
        }
        else if ((topics || messages) != (result.GetResult(_topic) is not null))
        {
            result.AddError(messages ? "--mqtt and --topic go together: the broker and the topic filter(s) to subscribe to." : "--kafka and --topic go together: the brokers and the topic(s) to read.");
        }

        if (!messages && (result.GetResult(_mqttClientId) is not null || result.GetResult(_mqttUser) is not null))
        {
            result.AddError("--mqtt-client-id and --mqtt-user go with --mqtt.");
        }

        var receives = socket || messages || sink || (queues && !result.GetValue(_rabbitmqStream)) || (subjects && result.GetResult(_subject) is not null) || social?.Given(result) > 0;
        if (!receives && result.GetResult(run.Wal) is not null)
        {
            result.AddError($"--wal logs what a receiver (a socket, MQTT, a RabbitMQ queue, NATS subjects, Flume{(social is null ? "" : ", X, Mastodon")}) received; files, Kafka records, stream queues, JetStream and Kinesis streams are read again from their source after a crash and need no log.");
        }

        if (files && (result.GetResult(run.Backpressure) is not null || result.GetResult(run.MaxRate) is not null))
        {
            result.AddError("--backpressure and --max-rate limit sockets and Kafka; a directory's new files are each read whole in one batch.");
        }
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
