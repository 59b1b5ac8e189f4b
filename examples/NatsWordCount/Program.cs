// A word count over a NATS JetStream stream, read by sequence number as a direct stream: with the checkpoint
// directory, run it again after stopping or killing it and each line is counted once. It creates the stream and
// publishes a few lines itself, as a producer would.
// Run: nats-server -js & dotnet run --project examples/NatsWordCount -- nats://HOST:PORT [STREAM] [CHECKPOINT_DIR]
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Sluice;
using Sluice.Nats;
using Sluice.Streams;

if (args.Length == 0)
{
    Console.Error.WriteLine("Give a server: dotnet run --project examples/NatsWordCount -- nats://localhost:4222 [STREAM] [CHECKPOINT_DIR]");
    return 2;
}

var url = args[0];
var stream = args.Length > 1 ? args[1] : "SLUICE_LINES";
var checkpoint = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "sluice-nats-wordcount");

// The producer's side: a stream over the subject lines.<stream> (created if missing), and a few lines in it.
await using (var connection = new NatsConnection(new NatsOpts { Url = url }))
{
    var jetStream = new NatsJSContext(connection);
    var subject = $"lines.{stream}";
    await jetStream.CreateOrUpdateStreamAsync(new StreamConfig(stream, [subject]));
    foreach (var line in new[] { "to be or not to be", "that is the question", "to sleep perchance to dream" })
    {
        (await jetStream.PublishAsync(subject, line)).EnsureSuccess();
    }
}

using var ssc = StreamingContext.GetOrCreate(checkpoint, () =>
{
    var context = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
    context.Checkpoint(checkpoint);
    var lines = NatsUtils.CreateTextDirectStream(context, new NatsJetStreamOptions { Url = url, Stream = stream, StartFrom = NatsStreamStart.First });
    lines.FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Map(word => (word, 1))
        .ReduceByKey((a, b) => a + b)
        .Print();
    return context;
});
ssc.Start();
ssc.AwaitTermination(TimeSpan.FromSeconds(4));
ssc.Stop(stopGracefully: true);
return 0;
