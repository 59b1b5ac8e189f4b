using Sluice.TestSupport;
using Sluice.Cli;

namespace Sluice.Tests.Cli;

/// <summary>What the command line says when something is wrong: one line and an exit code, never a stack unless asked.</summary>
public sealed class CliErrorTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await SluiceCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertNoStack(string error) => Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

    [Theory]
    [InlineData("Invalid value '99999' for --port: use a whole number from 1 to 65535.", "wordcount", "--host", "127.0.0.1", "--port", "99999")]
    [InlineData("error: Master 'yarn' is not supported. Use 'local' (one worker thread), 'local[N]' with N >= 1, or 'local[*]' (one thread per core); 'local-serialized[N]' runs the same with every shuffle block turned into bytes and back.", "wordcount", "--host", "127.0.0.1", "--port", "1", "--master", "yarn")]
    [InlineData("--wal works with a checkpoint directory: give --checkpoint DIR too.", "wordcount", "--host", "127.0.0.1", "--port", "1", "--wal")]
    [InlineData("--wal logs what a receiver (a socket, MQTT, a RabbitMQ queue, NATS subjects, Flume) received; files, Kafka records, stream queues, JetStream and Kinesis streams are read again from their source after a crash and need no log.", "wordcount", "--dir", "/tmp", "--wal", "--checkpoint", "/tmp/x")]
    [InlineData("--wal logs what a receiver (a socket, MQTT, a RabbitMQ queue, NATS subjects, Flume) received; files, Kafka records, stream queues, JetStream and Kinesis streams are read again from their source after a crash and need no log.", "wordcount", "--rabbitmq", "amqp://x/", "--queue", "q", "--rabbitmq-stream", "--wal", "--checkpoint", "/tmp/x")]
    [InlineData("--nats goes with one of --subject (core NATS subjects) and --nats-stream (a JetStream stream).", "wordcount", "--nats", "nats://127.0.0.1:4222")]
    [InlineData("--nats goes with one of --subject (core NATS subjects) and --nats-stream (a JetStream stream).", "wordcount", "--nats", "nats://127.0.0.1:4222", "--subject", "a", "--nats-stream", "S")]
    [InlineData("error: --nats http://x: expected nats://HOST:PORT, for example nats://localhost:4222.", "wordcount", "--nats", "http://x", "--subject", "a", "--no-ui")]
    [InlineData("error: --flume 41414: expected HOST:PORT to listen on, for example localhost:41414 (the Avro sink's hostname and port).", "wordcount", "--flume", "41414", "--no-ui")]
    [InlineData("--kinesis-endpoint goes with --kinesis.", "wordcount", "--dir", "/tmp", "--kinesis-endpoint", "http://127.0.0.1:1")]
    [InlineData("--rabbitmq and --queue go together (with --rabbitmq-stream for a stream queue): the broker and the queue to consume.", "wordcount", "--rabbitmq", "amqp://127.0.0.1/")]
    [InlineData("error: --rabbitmq tcp://x: expected amqp://HOST:PORT/ (or amqp://USER:PASSWORD@HOST:PORT/VHOST), for example amqp://localhost:5672/.", "wordcount", "--rabbitmq", "tcp://x", "--queue", "q", "--no-ui")]
    [InlineData("--mqtt and --topic go together: the broker and the topic filter(s) to subscribe to.", "wordcount", "--mqtt", "tcp://127.0.0.1:1883")]
    [InlineData("--mqtt-client-id and --mqtt-user go with --mqtt.", "wordcount", "--host", "127.0.0.1", "--port", "1", "--mqtt-client-id", "x")]
    [InlineData("error: --mqtt http://x: expected tcp://HOST:PORT (or HOST:PORT), for example tcp://localhost:1883.", "wordcount", "--mqtt", "http://x", "--topic", "t", "--no-ui")]
    [InlineData("--backpressure and --max-rate limit sockets and Kafka; a directory's new files are each read whole in one batch.", "wordcount", "--dir", "/tmp", "--max-rate", "10")]
    [InlineData("Give one source: --x-bearer-token (X's filtered stream), --mastodon URL (a Mastodon server), --host and --port (a TCP server sending lines, e.g. `nc -lk 10777`), --dir (a directory of text files), --kafka and --topic (a Kafka topic), --mqtt and --topic (an MQTT broker), --rabbitmq and --queue (a RabbitMQ queue), --nats with --subject or --nats-stream (NATS), --kinesis (a Kinesis data stream), or --flume HOST:PORT (Flume's Avro sink).", "hashtags", "--x-bearer-token", "t", "--mastodon", "https://example.social")]
    [InlineData("--x-rule and --x-api go with --x-bearer-token.", "hashtags", "--dir", "/tmp", "--x-rule", "#dotnet")]
    [InlineData("--mastodon-hashtag and --mastodon-token go with --mastodon.", "hashtags", "--dir", "/tmp", "--mastodon-token", "t")]
    [InlineData("error: 'example.social' is not a Mastodon server's address. Give it as https://SERVER, for example https://mastodon.social.", "hashtags", "--mastodon", "example.social", "--no-ui")]
    [InlineData("--window (7s) must be a multiple of --batch (5s).", "hashtags", "--dir", "/tmp", "--window", "7s")]
    [InlineData("--slide (3s) must be a multiple of --batch (5s).", "hashtags", "--dir", "/tmp", "--slide", "3s")]
    [InlineData("--wal logs what a receiver (a socket, MQTT, a RabbitMQ queue, NATS subjects, Flume, X, Mastodon) received; files, Kafka records, stream queues, JetStream and Kinesis streams are read again from their source after a crash and need no log.", "hashtags", "--dir", "/tmp", "--wal", "--checkpoint", "/tmp/x")]
    [InlineData("Option '--dimensions' is required.", "kmeans", "--k", "2", "--dir", "/tmp")]
    [InlineData("Give --decay or --half-life, not both: each sets how fast the past fades.", "kmeans", "--k", "2", "--dimensions", "2", "--decay", "0.5", "--half-life", "3", "--dir", "/tmp")]
    [InlineData("Invalid value '2' for --decay: use a number from 0 to 1.", "kmeans", "--k", "2", "--dimensions", "2", "--decay", "2", "--dir", "/tmp")]
    [InlineData("Invalid value '-1' for --step-size: use a number above 0.", "regression", "--features", "2", "--step-size", "-1", "--dir", "/tmp")]
    [InlineData("Unrecognized command or argument '--top'.", "regression", "--features", "2", "--dir", "/tmp", "--top")]
    [InlineData("--create-on-error works with a checkpoint directory: give --checkpoint DIR too.", "demo", "--create-on-error")]
    public async Task InvalidArguments_ExitWithCode2_OneLineAndTheUsageHint(string said, params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.Equal(SluiceCommandLine.UsageError, code);
        Assert.Equal([said, SluiceCommandLine.UsageHint], error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Debug_ShowsTheStackOfTheSameError()
    {
        var (code, _, error) = await RunAsync("wordcount", "--host", "127.0.0.1", "--port", "1", "--master", "yarn", "--debug");
        Assert.Equal(SluiceCommandLine.UsageError, code);
        Assert.Contains("System.ArgumentException: Master 'yarn' is not supported.", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_NamesTheCommandSluice_AndShowsDefaultsAsTheyAreWritten()
    {
        var (code, output, _) = await RunAsync("wordcount", "--help");
        Assert.Equal(0, code);
        Assert.Contains("sluice wordcount [options]", output, StringComparison.Ordinal);
        Assert.Contains("default 1s", output, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00:01", output, StringComparison.Ordinal);
        Assert.DoesNotContain("2147483647", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sluice.Cli", output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")] // a few batches on the real clock
    public async Task ASocketWithACheckpointButNoWal_IsWarnedAbout_AndAClosedPortEndsTheRunWithItsError()
    {
        var checkpoint = Directory.CreateTempSubdirectory("sluice-cli-nowal-").FullName;
        try
        {
            var port = Loopback.FreePort(); // nothing listens there
            var (code, _, error) = await RunAsync("wordcount", "--host", "127.0.0.1", "--port", $"{port}", "--checkpoint", checkpoint, "--batch", "200ms", "--batches", "2", "--no-ui", "--master", "local[2]");
            Assert.Equal(SluiceCommandLine.RunFailed, code);
            Assert.Contains($"warning: Lines received from 127.0.0.1:{port} are kept in memory until their batch is processed, so a crash loses those not yet processed: --checkpoint DIR resumes the counts, and --wal also keeps the received lines, in {checkpoint}", error, StringComparison.Ordinal);
            Assert.Contains($"warning: Receiver SocketReceiver of stream 1 restarts in 2 s: Error connecting to 127.0.0.1:{port}: Connection refused. Is a server listening there (for example `nc -lk {port}`)?", error, StringComparison.Ordinal);
            Assert.EndsWith($"error: nothing was read from 127.0.0.1:{port}: Error connecting to 127.0.0.1:{port}: Connection refused. Is a server listening there (for example `nc -lk {port}`)?", error.TrimEnd(), StringComparison.Ordinal);
            AssertNoStack(error);
        }
        finally
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Process")] // a batch on the real clock
    public async Task ACheckpointOfAnotherBatchInterval_EndsWithItsMessage_AndExitCode1()
    {
        var root = Directory.CreateTempSubdirectory("sluice-cli-interval-").FullName;
        try
        {
            string[] Args(string batch) => ["wordcount", "--dir", root, "--checkpoint", Path.Combine(root, "checkpoint"), "--batch", batch, "--batches", "1", "--no-ui"];
            Assert.Equal(0, (await RunAsync(Args("200ms"))).Code);
            var (code, _, error) = await RunAsync(Args("400ms"));
            Assert.Equal(SluiceCommandLine.RunFailed, code);
            Assert.Contains("was taken with a batch interval of 200 ms; this application uses 400 ms. Keep the interval, or start without the checkpoint", error, StringComparison.Ordinal);
            AssertNoStack(error);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
