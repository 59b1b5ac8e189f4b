using Sluice.Stateful;

namespace Sluice.Tests.Stateful;

/// <summary>A checkpoint's pin holds folding off; the fold it held off is not lost.</summary>
public class StateTablePinTests
{
    [Fact]
    public void AFoldWhilePinned_WaitsForTheLastUnpin_ThenHappens()
    {
        var table = new StateTable<string, int>();
        table.Initialize(1, [("a", 1)]);
        foreach (var time in new long[] { 2, 3, 4 })
        {
            var delta = new StateDelta<string, int>();
            delta.Set("a", new StateEntry<int>((int)time, time));
            table.Commit(time - 1, time, delta);
        }

        table.Pin();
        table.Pin();
        table.FoldUpTo(2, long.MinValue);
        table.FoldUpTo(3, long.MinValue);
        Assert.Equal(1, table.BaseVersion); // the base is being read

        table.Unpin();
        Assert.Equal(1, table.BaseVersion); // still read by the other pin

        table.Unpin();
        Assert.Equal(3, table.BaseVersion); // the newest fold held off, with no batch needed to trigger it
        Assert.True(table.TryGet(4, "a", out var entry));
        Assert.Equal(4, entry.State);
    }
}
