// Spark's DirectKafkaWordCount in C#: a direct stream over a Kafka topic, words counted per batch, offsets committed
// after the output. With no address given, it starts the development cluster and produces a few lines itself.
// Run: dotnet run --project examples/KafkaWordCount [-- BOOTSTRAP_SERVERS TOPIC]
using Confluent.Kafka;
using Sluice;
using Sluice.Kafka;
using Sluice.Streams;

using var devCluster = args.Length == 0 ? KafkaDevCluster.Start(brokers: 1) : null;
var brokers = args.Length > 0 ? args[0] : devCluster!.BootstrapServers;
var topic = args.Length > 1 ? args[1] : "lines";
if (devCluster is not null)
{
    using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = brokers }).Build();
    foreach (var line in new[] { "to be or not to be", "that is the question", "to sleep perchance to dream" })
    {
        producer.Produce(topic, new Message<Null, string> { Value = line });
    }

    producer.Flush(TimeSpan.FromSeconds(10));
}

using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
var config = new ConsumerConfig { BootstrapServers = brokers, GroupId = "kafka-word-count", AutoOffsetReset = AutoOffsetReset.Earliest };
var stream = KafkaUtils.CreateDirectStream(ssc, LocationStrategies.PreferConsistent, ConsumerStrategies.Subscribe<Ignore, string>([topic], config));

var counts = (from record in stream
              from word in record.Message.Value.Split(' ')
              where word.Length > 0
              select (word, 1))
             .ReduceByKey((a, b) => a + b);
counts.Print();

// After the output: commit the batch's offsets to the group, as Spark's example does.
stream.ForeachRdd(rdd => ((ICanCommitOffsets)stream).CommitAsync(rdd.OffsetRanges()));

ssc.Start();
ssc.AwaitTermination(TimeSpan.FromSeconds(4));
ssc.Stop(stopGracefully: true);
