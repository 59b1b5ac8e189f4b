// A word count over a RabbitMQ stream queue, read by offset as a direct stream: with the checkpoint directory, run
// it again after stopping or killing it and each line is counted once. It declares the stream queue and publishes a
// few lines itself, as a producer would.
// Run: dotnet run --project examples/RabbitMQWordCount -- amqp://HOST:PORT/ [QUEUE] [CHECKPOINT_DIR]
using System.Text;
using RabbitMQ.Client;
using Sluice;
using Sluice.RabbitMQ;
using Sluice.Streams;

if (args.Length == 0)
{
    Console.Error.WriteLine("Give a broker: dotnet run --project examples/RabbitMQWordCount -- amqp://localhost:5672/ [QUEUE] [CHECKPOINT_DIR]");
    return 2;
}

var url = args[0];
var queue = args.Length > 1 ? args[1] : "sluice-lines";
var checkpoint = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "sluice-rabbitmq-wordcount");

// The producer's side: a stream queue (declaring it again is harmless), and a few lines in it.
var connection = await new ConnectionFactory { Uri = new Uri(url) }.CreateConnectionAsync();
await using (connection)
{
    var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
    await using (channel)
    {
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "stream" });
        foreach (var line in new[] { "to be or not to be", "that is the question", "to sleep perchance to dream" })
        {
            await channel.BasicPublishAsync("", queue, Encoding.UTF8.GetBytes(line));
        }
    }
}

using var ssc = StreamingContext.GetOrCreate(checkpoint, () =>
{
    var context = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
    context.Checkpoint(checkpoint);
    var lines = RabbitMQUtils.CreateTextDirectStream(context, new RabbitMQStreamQueueOptions { Url = url, Queue = queue, StartFrom = RabbitMQStreamStart.First });
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
