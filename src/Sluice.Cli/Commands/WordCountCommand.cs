using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice wordcount --host H --port P</c>: Spark Streaming's classic network word count (feed it with
/// <c>cat some.log | nc -lk 10777</c>), or the same count over any other text source <see cref="TextSourceOptions"/>
/// offers: a directory, Kafka, MQTT, RabbitMQ, NATS, Kinesis or Flume.
/// </summary>
internal static class WordCountCommand
{
    public static Command Create(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var sources = new TextSourceOptions();
        var run = new RunOptions(logging, storage, telemetry);
        var command = new Command("wordcount", "Counts words of text lines from a TCP socket, a directory, Kafka, MQTT, RabbitMQ, NATS, Kinesis or Flume, batch by batch, and prints the most frequent.");
        sources.AddTo(command, run);
        run.AddTo(command);
        command.SetAction(async (parsed, _) => await run.CreateAndRunAsync(parsed, output, sources.Create(parsed, run)!).ConfigureAwait(false));
        return command;
    }
}
