using System.Text.Json;
using Sluice.Social;
using Sluice.TestSupport;

namespace Sluice.HttpStreams.Tests;

/// <summary>
/// <c>sluice hashtags</c> as a process over X's filtered stream served by Kestrel: the rule is set up with a dry run
/// first, the window ranks the posts' hashtags; killed and started again on its checkpoint (with the write-ahead
/// log), it finds the rule in place and counts on from where it was.
/// </summary>
[Trait("Category", "Process")]
public sealed class HashtagsCommandProcessTests : IDisposable
{
    private readonly string _checkpoint = Directory.CreateTempSubdirectory("sluice-hashtags-").FullName;

    public void Dispose() => Directory.Delete(_checkpoint, recursive: true);

    [Fact]
    public async Task TheTopHashtagsOfTheWindow_AreCountedOnce_AcrossAKillAndARestartOnTheCheckpoint()
    {
        await using var x = await FakeXApi.StartAsync();
        using (var first = Start(x))
        {
            var stream = await x.Server.NextRequestAsync();
            await stream.StartAsync("application/json");
            await stream.SendAsync(Post(1, "#dotnet", "#Spark") + Post(2, "#DotNet") + Post(3, "#dotnet"));
            await TopAsync(first, [("#dotnet", 3), ("#spark", 1)]);
            first.Kill();
        }

        Assert.Equal(["GET", "add dry_run: #dotnet", "add: #dotnet"], x.Calls);
        using var second = Start(x);
        var again = await x.Server.NextRequestAsync();
        await again.StartAsync("application/json");
        await again.SendAsync(Post(4, "#dotnet", "#streams"));
        await TopAsync(second, [("#dotnet", 4), ("#spark", 1), ("#streams", 1)]);

        Assert.Equal(["GET", "add dry_run: #dotnet", "add: #dotnet", "GET"], x.Calls);
        Assert.DoesNotContain(second.Error, line => line.Contains(FakeXApi.Token, StringComparison.Ordinal));
    }

    private ChildProcess Start(FakeXApi x)
        => ChildProcess.Sluice(
            "hashtags", "--x-bearer-token", FakeXApi.Token, "--x-api", x.Server.Url, "--x-rule", "#dotnet",
            "--batch", "200ms", "--window", "600s", "--checkpoint", _checkpoint, "--wal", "--json", "--master", "local[2]", "--no-ui");

    private static async Task TopAsync(ChildProcess cli, (string Tag, int Count)[] expected)
        => await cli.WaitForLineAsync(line => line.StartsWith('{') && Top(line).SequenceEqual(expected), $"the window's top {string.Join(", ", expected)}");

    private static IEnumerable<(string, int)> Top(string line)
        => JsonDocument.Parse(line).RootElement.GetProperty("top").EnumerateArray().Select(entry => (entry.GetProperty("word").GetString()!, entry.GetProperty("count").GetInt32())).OrderByDescending(entry => entry.Item2).ThenBy(entry => entry.Item1, StringComparer.Ordinal);

    private static string Post(int id, params string[] tags)
        => JsonSerializer.Serialize(new { data = new { id = $"{id}", text = $"post {id} {string.Join(' ', tags)}" } }) + "\r\n";
}
