// The README's word count: lines arrive through a queue stream (one dataset per batch), words are counted per
// batch and the counts printed in Spark's format. Run: dotnet run --project examples/QueueWordCount
using System.Collections.Concurrent;
using Sluice;
using Sluice.Datasets;
using Sluice.Streams;

using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
var queue = new ConcurrentQueue<Rdd<string>>();
foreach (var text in new[] { "to be or not to be", "that is the question", "to sleep perchance to dream" })
{
    queue.Enqueue(ssc.SluiceContext.Parallelize([text]));
}

var counts = (from line in ssc.QueueStream(queue)
              from word in line.Split(' ')
              where word.Length > 0
              select (word, 1))
             .ReduceByKey((a, b) => a + b);
counts.Print();

ssc.Start();
ssc.AwaitTermination(TimeSpan.FromSeconds(4));
ssc.Stop(stopGracefully: true);
