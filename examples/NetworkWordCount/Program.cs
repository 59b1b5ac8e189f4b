// Spark's NetworkWordCount in C#: words of the lines a TCP server sends, counted per second.
// Run: `nc -lk 9999` in one terminal, then: dotnet run --project examples/NetworkWordCount -- localhost 9999
// Ctrl+C (or SIGTERM) stops it gracefully: the lines already received are counted first, and it exits with 0.
using Microsoft.Extensions.Logging;
using Sluice;
using Sluice.Streams;

var host = args.Length > 0 ? args[0] : "localhost";
var port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9999;

// The engine says what goes wrong (a server that refuses the connection, a line too long) through this factory.
using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]", LoggerFactory = loggers }, TimeSpan.FromSeconds(1));

var counts = ssc.SocketTextStream(host, port)
    .FlatMap(line => line.Split(' '))
    .Filter(word => word.Length > 0)
    .Map(word => (word, 1))
    .ReduceByKey((a, b) => a + b);
counts.Print();

ssc.Start();
ssc.AwaitTermination();
