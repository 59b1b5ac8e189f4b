using System.Runtime.InteropServices;
using CsCheck;
using Sluice.Datasets;
using Sluice.Text;

namespace Sluice.Tests.Text;

/// <summary>
/// Counting the words of text lines gives the counts of the string model, on every path a batch takes (pushed into
/// the map-side combine, pulled, through bytes), and no key that leaves a shuffle holds on to its line's buffer.
/// </summary>
public sealed class TextWordCountTests(SluiceContextFixture fixture) : IClassFixture<SluiceContextFixture>
{
    private static readonly Gen<(string[] Lines, int Partitions, int Reducers)> s_input =
        Gen.Select(OneOf("to", "be", "or", "not", "", " ", "é").Array[0, 6].Select(words => string.Join(' ', words)).Array[0, 40], Gen.Int[1, 4], Gen.Int[1, 3]);

    [Fact]
    public void WordCounts_EqualThoseOfTheStrings()
        => s_input.Sample(input =>
        {
            var counts = Lines(fixture.Context, input.Lines, input.Partitions).Words().Map(word => (word, 1)).ReduceByKey((a, b) => a + b, input.Reducers).Collect();
            return Same(counts, Model(input.Lines));
        }, iter: 60);

    [Fact]
    public void Words_PulledWithoutAShuffle_AreThoseOfTheStrings()
        => s_input.Sample(input =>
            Lines(fixture.Context, input.Lines, input.Partitions).Words().Collect().Select(word => word.ToString())
                .SequenceEqual(input.Lines.SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))), iter: 60);

    [Fact]
    public void WordCounts_ThroughBytes_EqualThoseOfTheStrings()
    {
        using var serializing = new SluiceContext(new SluiceOptions { Master = "local-serialized[2]" });
        s_input.Sample(input =>
        {
            var counts = Lines(serializing, input.Lines, input.Partitions).Words().Map(word => (word, 1)).ReduceByKey((a, b) => a + b, input.Reducers).Collect();
            return Same(counts, Model(input.Lines));
        }, iter: 30);
    }

    [Fact]
    public void KeysOutOfAShuffle_HoldOnlyTheirOwnBytes_NotTheirLines()
    {
        var lines = Lines(fixture.Context, ["to be or not to be", "that is the question"], 2);

        foreach (var (word, _) in lines.Words().Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 2).Collect())
        {
            Assert.True(MemoryMarshal.TryGetArray(word.Memory, out var bytes));
            Assert.Equal(word.Length, bytes.Array!.Length);
        }

        foreach (var (word, _) in lines.Words().Map(word => (word, 1)).GroupByKey(2).Collect())
        {
            Assert.True(MemoryMarshal.TryGetArray(word.Memory, out var bytes));
            Assert.Equal(word.Length, bytes.Array!.Length);
        }
    }

    /// <summary>The lines as views of one buffer, as a receiver's block holds them.</summary>
    private static Rdd<Utf8Text> Lines(SluiceContext context, string[] lines, int partitions)
    {
        var buffer = System.Text.Encoding.UTF8.GetBytes(string.Concat(lines));
        var texts = new Utf8Text[lines.Length];
        var offset = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(lines[i]);
            texts[i] = new Utf8Text(buffer, offset, length);
            offset += length;
        }

        return context.Parallelize(texts, partitions);
    }

    private static Dictionary<string, int> Model(string[] lines)
        => lines.SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).GroupBy(word => word).ToDictionary(g => g.Key, g => g.Count());

    private static bool Same((Utf8Text Word, int Count)[] counts, Dictionary<string, int> model)
        => counts.Length == model.Count && counts.All(pair => model.TryGetValue(pair.Word.ToString(), out var count) && count == pair.Count);

    private static Gen<string> OneOf(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);
}
