using AppendedLinesSource;
using Sluice;
using Sluice.Datasets;
using Sluice.Streams;

// A running word count over the lines appended to a file, which survives crashes: kill it, start it again, and
// every line is counted once. Usage: AppendedLinesSource FILE CHECKPOINT_DIRECTORY
//   (in another terminal: echo "to be or not to be" >> FILE)
if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: AppendedLinesSource FILE CHECKPOINT_DIRECTORY");
    return 2;
}

using var ssc = StreamingContext.GetOrCreate(args[1], () =>
{
    var context = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
    new AppendedLinesStream(context, args[0])
        .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Map(word => (word, 1))
        .UpdateStateByKey<string, int, int>((counts, total) => new Optional<int>(total.GetValueOrDefault(0) + counts.Count))
        .Print();
    return context;
});
ssc.Start();
ssc.AwaitTermination();
return 0;
