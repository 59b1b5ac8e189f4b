using Sluice.Datasets;
using Sluice.Testing;

namespace Sluice.Tests.Streams;

public class OutputOperationTests
{
    [Fact]
    public async Task Print_FollowsSparksLayout()
    {
        var output = new StringWriter();
        using var test = new StreamingTestContext(configure: o => o.Out = output);
        test.Input<(string, int)>([[("a", 1), ("b", 2), ("c", 3), ("d", 4)], []]).Print(3);
        var infos = await test.RunBatchesAsync(2);

        var first = infos[0].BatchTime.ToUnixTimeMilliseconds();
        var second = infos[1].BatchTime.ToUnixTimeMilliseconds();
        var expected =
            "-------------------------------------------\n" +
            $"Time: {first} ms\n" +
            "-------------------------------------------\n" +
            "(a,1)\n(b,2)\n(c,3)\n...\n\n" +
            "-------------------------------------------\n" +
            $"Time: {second} ms\n" +
            "-------------------------------------------\n\n";
        Assert.Equal(expected, output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Print_FormatsNestedTuplesOptionsAndLists()
    {
        var output = new StringWriter();
        using var test = new StreamingTestContext(configure: o => o.Out = output);
        test.Input<(int, (double, bool))>([[(1, (2.5, true))]]).Print();
        test.Input<(string, Optional<int>)>([[("k", Optional<int>.None), ("j", new Optional<int>(3))]]).Print();
        test.Input<int[]>([[[1, 2]]]).Print();
        await test.RunBatchesAsync(1);
        var text = output.ToString();
        Assert.Contains("(1,(2.5,true))", text);
        Assert.Contains("(k,None)", text);
        Assert.Contains("(j,Some(3))", text);
        Assert.Contains("[1, 2]", text);
    }

    [Fact]
    public async Task SaveAsTextFiles_WritesOneCompleteDirectoryPerBatch()
    {
        var root = Path.Combine(Path.GetTempPath(), $"sluice-test-{Guid.NewGuid():N}");
        try
        {
            using var test = new StreamingTestContext();
            test.Input<int>([[1, 2, 3], []], partitions: 2).SaveAsTextFiles(Path.Combine(root, "counts"), "txt");
            var infos = await test.RunBatchesAsync(2);

            var first = Path.Combine(root, $"counts-{infos[0].BatchTime.ToUnixTimeMilliseconds()}.txt");
            var second = Path.Combine(root, $"counts-{infos[1].BatchTime.ToUnixTimeMilliseconds()}.txt");
            Assert.Equal(["1", "2", "3"], Directory.GetFiles(first, "part-*").Order().SelectMany(File.ReadAllLines));
            Assert.True(File.Exists(Path.Combine(first, "_SUCCESS")));
            Assert.True(File.Exists(Path.Combine(second, "_SUCCESS")));
            Assert.Equal([first, second], Directory.GetDirectories(root).Order());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task SaveAsTextFiles_ABatchRunAgain_ReplacesItsDirectory()
    {
        var root = Path.Combine(Path.GetTempPath(), $"sluice-test-{Guid.NewGuid():N}");
        try
        {
            using var test = new StreamingTestContext();
            var first = Path.Combine(root, $"counts-{test.Clock.GetUtcNow().AddSeconds(1).ToUnixTimeMilliseconds()}.txt");

            // What a crash left: the batch's complete directory, written by the run before, with other records.
            Directory.CreateDirectory(first);
            File.WriteAllLines(Path.Combine(first, "part-00000"), ["old"]);
            File.WriteAllLines(Path.Combine(first, "part-00007"), ["old"]);
            test.Input<int>([[1, 2]], partitions: 1).SaveAsTextFiles(Path.Combine(root, "counts"), "txt");
            await test.RunBatchesAsync(1);

            Assert.Equal(["1", "2"], Directory.GetFiles(first, "part-*").Order().SelectMany(File.ReadAllLines));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ForeachRdd_WithTime_GetsEachBatchTime()
    {
        using var test = new StreamingTestContext(TimeSpan.FromMilliseconds(500));
        var times = new List<DateTimeOffset>();
        test.Input<int>([[1], [2]]).ForeachRdd((rdd, time) => times.Add(time));
        var infos = await test.RunBatchesAsync(2);
        Assert.Equal(infos.Select(info => info.BatchTime), times);
    }
}
