// Spark's FlumeEventCount in C#: serves Flume's Avro source protocol on HOST:PORT and prints how many events each
// batch received, and the headers of one. Point a Flume agent's Avro sink at it:
//   agent.sinks.spark.type = avro
//   agent.sinks.spark.hostname = HOST
//   agent.sinks.spark.port = PORT
// Run: dotnet run --project examples/FlumeEventCount -- [HOST] [PORT] [SECONDS]
using Sluice;
using Sluice.Flume;
using Sluice.Streams;

var host = args.Length > 0 ? args[0] : "localhost";
var port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 41414;
var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 60;

using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(2));
var events = FlumeUtils.CreateStream(ssc, host, port); // an event is answered OK once it is stored
events.Count().Map(count => $"Received {count} flume events.").Print();
events.Map(flumeEvent => string.Join(", ", flumeEvent.Headers.Select(header => $"{header.Key}={header.Value}"))).Print(1);

ssc.Start();
Console.Error.WriteLine($"Serving Flume's Avro source protocol on {host}:{port} for {seconds} s.");
ssc.AwaitTermination(TimeSpan.FromSeconds(seconds));
ssc.Stop(stopGracefully: true);
