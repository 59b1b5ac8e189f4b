using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Stateful;

public class WindowDefinitionTests
{
    [Fact]
    public void WindowNotAMultipleOfTheParentSlide_NamesBothDurations()
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(2));
        var input = test.Input<int>([]);
        var error = Assert.Throws<ArgumentException>(() => input.Window(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)));
        Assert.Contains("window duration 00:00:05 of window must be a multiple of the slide duration 00:00:02 of queueStream-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlideNotAMultiple_IsRejectedForEveryWindowOperation()
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(2));
        var pairs = test.Input<(string, int)>([]);
        var window = TimeSpan.FromSeconds(4);
        var slide = TimeSpan.FromSeconds(3);
        Assert.Throws<ArgumentException>(() => pairs.ReduceByKeyAndWindow((a, b) => a + b, window, slide));
        Assert.Throws<ArgumentException>(() => pairs.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, window, slide));
        Assert.Throws<ArgumentException>(() => pairs.GroupByKeyAndWindow(window, slide));
        Assert.Throws<ArgumentException>(() => pairs.CountByValueAndWindow(window, slide));
        Assert.Throws<ArgumentException>(() => pairs.CountByWindow(window, slide));
        Assert.Throws<ArgumentOutOfRangeException>(() => pairs.Window(TimeSpan.Zero));
    }

    [Fact]
    public void StatefulOperatorWithoutCheckpointDirectory_StartFailsNamingIt()
    {
        using var test = new StreamingTestContext();
        var counts = test.Input<(string, int)>([]).ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
        counts.Print();
        var error = Assert.Throws<InvalidOperationException>(test.Context.Start);
        Assert.Contains($"The checkpoint directory has not been set, and {counts.Identity} keeps state across batches. Call Checkpoint(directory)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowWithoutInverse_NeedsNoCheckpointDirectory()
    {
        using var test = new StreamingTestContext();
        test.Input<(string, int)>([]).ReduceByKeyAndWindow((a, b) => a + b, TimeSpan.FromSeconds(3)).Print();
        test.Context.Start();
        Assert.Equal(StreamingState.Active, test.Context.State);
    }

    [Fact]
    public void CheckpointDirectoryThatCannotBeCreated_SaysWhich()
    {
        using var test = new StreamingTestContext();
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<IOException>(() => test.Context.Checkpoint(Path.Combine(file, "sub")));
            Assert.Contains($"Cannot use '{Path.Combine(file, "sub")}' as the checkpoint directory", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
