using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Streams;

public class WordCountTests
{
    [Fact]
    public async Task WordCount_QuerySyntaxAndSortInTransform_MatchesLinqPerBatch()
    {
        string[][] input =
        [
            ["a b  a", "c a b"],
            [],
            ["x", "x y x", " "],
        ];

        var output = await StreamingTest.RunAsync(input, lines =>
            (from line in lines
             from word in line.Split(' ')
             where word.Length > 0
             select (word, 1))
            .ReduceByKey((a, b) => a + b)
            .Transform(rdd => rdd.SortBy(pair => pair.Item2, ascending: false)));

        Assert.Equal(3, output.Count);
        for (var i = 0; i < input.Length; i++)
        {
            var expected = input[i].SelectMany(line => line.Split(' ')).Where(w => w.Length > 0)
                .GroupBy(w => w).Select(g => (g.Key, g.Count())).OrderByDescending(p => p.Item2).ToArray();
            Assert.Equal(expected.Select(p => p.Item2), output[i].Select(p => p.Item2));
            Assert.Equal(expected.OrderBy(p => p.Key), output[i].OrderBy(p => p.Item1));
        }
    }
}
