// Spark's KinesisWordCountASL in C#, as a direct stream: each batch is one range of sequence numbers per shard,
// recorded in the checkpoint, so a run killed and started again counts each record once. Records are put by any
// producer, for example awscli:
//   aws kinesis put-record --stream-name words --partition-key a --data "to be or not to be"
// (awscli 2 also needs --cli-binary-format raw-in-base64-out to take the data as text).
// Credentials are found as the AWS SDK finds them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the shared profile,
// the instance's role). For kinesalite give its address as ENDPOINT (any credentials do).
// Run: dotnet run --project examples/KinesisWordCount -- STREAM REGION [ENDPOINT] [CHECKPOINT_DIR]
using Sluice;
using Sluice.Kinesis;
using Sluice.Streams;

if (args.Length < 2)
{
    Console.Error.WriteLine("Give a stream and a region: dotnet run --project examples/KinesisWordCount -- words eu-west-1 [http://localhost:4567] [CHECKPOINT_DIR]");
    return 2;
}

var streamName = args[0];
var region = args[1];
var endpoint = args.Length > 2 ? args[2] : null;
var checkpoint = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "sluice-kinesis-wordcount");

using var ssc = StreamingContext.GetOrCreate(checkpoint, () =>
{
    var context = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(2));
    var lines = KinesisUtils.CreateTextDirectStream(context, new KinesisStreamOptions
    {
        StreamName = streamName,
        Region = region,
        ServiceUrl = endpoint,
        StartFrom = KinesisStreamStart.TrimHorizon, // the oldest record of each shard, on the first run
    });
    lines.FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Map(word => (word, 1))
        .ReduceByKey((a, b) => a + b)
        .Print();
    return context;
});
ssc.Start();
Console.Error.WriteLine(ssc.RecoveredBatchTime is { } resumed
    ? $"Resuming from the checkpoint in {checkpoint} at batch {resumed.ToLocalTime():HH:mm:ss}; Ctrl+C stops."
    : $"Counting the words of Kinesis stream {streamName}; Ctrl+C stops.");
ssc.AwaitTermination();
return 0;
