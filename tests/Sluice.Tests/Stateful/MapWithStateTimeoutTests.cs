using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Stateful;

public sealed class MapWithStateTimeoutTests : IDisposable
{
    private readonly string _checkpoints = Directory.CreateTempSubdirectory("sluice-timeout-").FullName;

    public void Dispose() => Directory.Delete(_checkpoints, recursive: true);

    /// <summary>Runs a session count with a 3-batch timeout; returns each batch's emitted events.</summary>
    private List<string[]> Run(IEnumerable<string[]> batches, int count, List<string[]>? snapshots = null)
    {
        using var test = new StreamingTestContext();
        test.Context.Checkpoint(_checkpoints);
        var spec = StateSpec.Function<string, int, int, string>((key, value, state) =>
        {
            if (state.IsTimingOut)
            {
                return $"{key} timed out after {state.Get()}";
            }

            state.Update(state.GetOption().GetValueOrDefault(0) + value.Value);
            return $"{key}={state.Get()}";
        }).Timeout(TimeSpan.FromSeconds(3));
        var input = test.Input(batches.Select(batch => batch.Select(key => (key, 1))));
        var sessions = input.MapWithState(spec);
        var events = test.Collect(sessions);
        var states = test.Collect(sessions.StateSnapshots().Map(pair => $"{pair.Item1}:{pair.Item2}"));
        test.RunBatchesAsync(count).GetAwaiter().GetResult();
        snapshots?.AddRange(states.Batches.Select(batch => batch.Order().ToArray()));
        return [.. events.Batches.Select(batch => batch.Order().ToArray())];
    }

    [Fact]
    public void KeyIdleForExactlyTheTimeout_TimesOutInThatBatch_AndLeavesTheState()
    {
        var snapshots = new List<string[]>();
        var events = Run([["a"], [], [], [], []], 5, snapshots);
        Assert.Equal(["a=1"], events[0]);
        Assert.Empty(events[1]);
        Assert.Empty(events[2]);
        Assert.Equal(["a timed out after 1"], events[3]); // batch 4: 3 s after a's last data at batch 1
        Assert.Empty(events[4]);
        Assert.Equal(["a:1"], snapshots[2]);
        Assert.Empty(snapshots[3]);
    }

    [Fact]
    public void DataResetsTheIdleTime()
    {
        var events = Run([["a", "b"], [], ["a"], [], [], [], []], 7);
        Assert.Equal(["a=1", "b=1"], events[0]);
        Assert.Equal(["a=2"], events[2]);
        Assert.Equal(["b timed out after 1"], events[3]);
        Assert.Equal(["a timed out after 2"], events[5]); // last data at batch 3, idle 3 s at batch 6
        Assert.All(events.Skip(6), Assert.Empty);
    }

    [Fact]
    public void KeyThatReturnsAfterTimingOut_StartsAFreshState()
    {
        var events = Run([["a"], [], [], [], ["a"]], 5);
        Assert.Equal(["a timed out after 1"], events[3]);
        Assert.Equal(["a=1"], events[4]);
    }
}
