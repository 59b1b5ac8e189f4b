// Spark's TwitterPopularTags in C#: the most popular hashtags over the last 60 and the last 10 seconds, from X's
// filtered stream (with X_BEARER_TOKEN set) or from a Mastodon server's public timeline.
// Run: X_BEARER_TOKEN=... dotnet run --project examples/PopularHashtags -- x [RULE...]
//      dotnet run --project examples/PopularHashtags -- https://mastodon.social [ACCESS_TOKEN]
// (`sluice demo hashtags` serves generated posts as Mastodon does, and prints the address to give here.)
using Sluice;
using Sluice.Datasets;
using Sluice.Social;
using Sluice.Streams;

if (args.Length == 0)
{
    Console.Error.WriteLine("Give a source: dotnet run --project examples/PopularHashtags -- x [RULE...] (with X_BEARER_TOKEN set), or -- https://SERVER [ACCESS_TOKEN] (Mastodon).");
    return 2;
}

using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromSeconds(2));
var posts = args[0] == "x"
    ? XUtils.CreateStream(ssc, Environment.GetEnvironmentVariable("X_BEARER_TOKEN") ?? "", args.Skip(1))
    : MastodonUtils.CreateStream(ssc, args[0], accessToken: args.Length > 1 ? args[1] : null);
var hashtags = posts.FlatMap(post => post.Hashtags.Select(tag => $"#{tag.ToLowerInvariant()}"));

foreach (var seconds in new[] { 60, 10 })
{
    hashtags.Map(tag => (tag, 1))
        .ReduceByKeyAndWindow((a, b) => a + b, TimeSpan.FromSeconds(seconds))
        .ForeachRdd(rdd =>
        {
            var top = rdd.Map(pair => (pair.Item2, pair.Item1)).SortByKey(ascending: false).Take(10);
            Console.WriteLine($"\nPopular hashtags in the last {seconds} seconds ({rdd.Count()} in all):");
            foreach (var (count, tag) in top)
            {
                Console.WriteLine($"{tag} ({count} posts)");
            }
        });
}

ssc.Start();
ssc.AwaitTermination();
return 0;
