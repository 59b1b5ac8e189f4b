using Sluice.Streams;

namespace Sluice.Tests.Stateful;

/// <summary>The State rules Spark's users rely on, each with its error.</summary>
public class StateApiTests
{
    private static State<int> With(bool exists, int value = 0, bool timingOut = false)
    {
        var state = (State<int>)Activator.CreateInstance(typeof(State<int>), nonPublic: true)!;
        state.Reset(exists, value, timingOut);
        return state;
    }

    [Fact]
    public void Get_OnEmptyState_Throws_AndGetOptionIsNone()
    {
        var state = With(exists: false);
        Assert.False(state.Exists);
        Assert.Contains("The state is not set", Assert.Throws<InvalidOperationException>(() => state.Get()).Message, StringComparison.Ordinal);
        Assert.False(state.GetOption().HasValue);
    }

    [Fact]
    public void Update_ThenGet_ReturnsTheNewState()
    {
        var state = With(exists: false);
        state.Update(3);
        state.Update(4);
        Assert.True(state.Exists);
        Assert.Equal(4, state.Get());
    }

    [Fact]
    public void UpdateAfterRemove_Throws()
    {
        var state = With(exists: true, 1);
        state.Remove();
        Assert.False(state.Exists);
        Assert.Contains("after it has been removed", Assert.Throws<InvalidOperationException>(() => state.Update(2)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoveTwice_Throws()
    {
        var state = With(exists: true, 1);
        state.Remove();
        Assert.Contains("already been removed", Assert.Throws<InvalidOperationException>(state.Remove).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateOrRemove_WhileTimingOut_Throw_ButGetWorks()
    {
        var state = With(exists: true, 7, timingOut: true);
        Assert.True(state.IsTimingOut);
        Assert.Equal(7, state.Get());
        Assert.Contains("timing out", Assert.Throws<InvalidOperationException>(() => state.Update(8)).Message, StringComparison.Ordinal);
        Assert.Contains("timing out", Assert.Throws<InvalidOperationException>(state.Remove).Message, StringComparison.Ordinal);
    }
}
