// Spark's stateful word count with UpdateStateByKey: each batch's words are added to running totals kept across
// batches, and the whole state is printed every batch. Stateful operators need a checkpoint directory.
// Run: dotnet run --project examples/RunningWordCount
using System.Collections.Concurrent;
using Sluice;
using Sluice.Datasets;
using Sluice.Streams;

var checkpoint = Directory.CreateTempSubdirectory("sluice-running-word-count-").FullName;
using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
ssc.Checkpoint(checkpoint);

var queue = new ConcurrentQueue<Rdd<string>>();
foreach (var text in new[] { "to be or not to be", "that is the question", "to sleep perchance to dream" })
{
    queue.Enqueue(ssc.SluiceContext.Parallelize([text]));
}

var words = from line in ssc.QueueStream(queue)
            from word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            select (word, 1);

// The new values of a key in this batch (possibly none) and its total so far (None the first time).
var totals = words.UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Sum()));
totals.Print(20);

ssc.Start();
ssc.AwaitTermination(TimeSpan.FromSeconds(4));
ssc.Stop(stopGracefully: true);
Directory.Delete(checkpoint, recursive: true);
