// Sessions with MapWithState: clicks are counted per user while the user is active; a user idle for three seconds
// times out, and the function reports the finished session. Only the users with clicks in a batch (or timing out)
// are touched, however many sessions are open.
// Run: dotnet run --project examples/Sessions
using System.Collections.Concurrent;
using Sluice;
using Sluice.Datasets;
using Sluice.Streams;

var checkpoint = Directory.CreateTempSubdirectory("sluice-sessions-").FullName;
using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(1));
ssc.Checkpoint(checkpoint);

// One dataset of (user, page) clicks per batch: ada keeps clicking, bob stops after the second batch.
string[][] batches = [["ada /home", "bob /home"], ["ada /docs", "bob /pricing"], ["ada /docs/state"], [], ["ada /blog"], [], []];
var queue = new ConcurrentQueue<Rdd<(string User, string Page)>>(
    batches.Select(clicks => ssc.SluiceContext.Parallelize(clicks.Select(click => (click.Split(' ')[0], click.Split(' ')[1])))));

var spec = StateSpec.Function<string, string, int, string>((user, page, clicks) =>
{
    if (clicks.IsTimingOut)
    {
        return $"{user}: session ended after {clicks.Get()} clicks";
    }

    clicks.Update(clicks.GetOption().GetValueOrDefault(0) + 1);
    return $"{user}: click {clicks.Get()} on {page.Value}";
}).Timeout(TimeSpan.FromSeconds(3));

var sessions = ssc.QueueStream(queue).MapWithState(spec);
sessions.Print();
sessions.StateSnapshots().Print(); // the open sessions after each batch

ssc.Start();
ssc.AwaitTermination(TimeSpan.FromSeconds(8));
ssc.Stop(stopGracefully: true);
Directory.Delete(checkpoint, recursive: true);
