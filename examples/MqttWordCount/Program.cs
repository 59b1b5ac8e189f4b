// Spark's MQTTWordCount in C#: a receiver subscribed to an MQTT topic filter, words counted per batch. With no
// broker given, it starts the development broker and publishes a few lines itself once the receiver is subscribed.
// Run: dotnet run --project examples/MqttWordCount [-- tcp://HOST:PORT TOPIC_FILTER]
using System.Text;
using MQTTnet;
using Sluice;
using Sluice.Mqtt;
using Sluice.Streams;

await using var devBroker = args.Length == 0 ? await MqttDevBroker.StartAsync(port: 0) : null;
var brokerUrl = args.Length > 0 ? args[0] : devBroker!.Url;
var topicFilter = args.Length > 1 ? args[1] : "lines/#";

using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
var lines = MqttUtils.CreateTextStream(ssc, brokerUrl, topicFilter);
var counts = lines.FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    .Map(word => (word, 1))
    .ReduceByKey((a, b) => a + b);
counts.Print();
ssc.Start();

if (devBroker is not null)
{
    // A publisher of our own, as mosquitto_pub would be. The receiver subscribes within a moment of the start;
    // messages published before that reach nobody, as MQTT goes.
    await Task.Delay(TimeSpan.FromSeconds(1));
    using var publisher = new MqttClientFactory().CreateMqttClient();
    await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", devBroker.Port).Build());
    foreach (var line in new[] { "to be or not to be", "that is the question", "to sleep perchance to dream" })
    {
        await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("lines/hamlet").WithPayload(Encoding.UTF8.GetBytes(line)).Build());
    }
}

ssc.AwaitTermination(TimeSpan.FromSeconds(4));
ssc.Stop(stopGracefully: true);
