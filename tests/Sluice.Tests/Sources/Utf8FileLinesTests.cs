using System.Runtime.InteropServices;
using System.Text;
using CsCheck;
using Sluice.Sources;

namespace Sluice.Tests.Sources;

/// <summary>A file's lines as text are the lines <see cref="File.ReadLines(string)"/> gives, whatever the chunk size.</summary>
public sealed class Utf8FileLinesTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void AnyFile_SplitsAsReadLinesDoes_AtEveryChunkSize()
        => Gen.Select(Gen.Int[0, 9].Select(i => new[] { "a", "bc", "é", "\n", "\r", "\r\n", " ", "😀", "\n\n", "xyz" }[i]).Array[0, 30].Select(string.Concat), Gen.Bool, Gen.Int[1, 9])
            .Sample((text, mark, chunk) =>
            {
                File.WriteAllBytes(_path, [.. mark ? "\uFEFF"u8 : [], .. Encoding.UTF8.GetBytes(text)]);
                var lines = Utf8FileLines.Read(_path, chunk).Select(line => line.ToString()).ToList();
                return lines.SequenceEqual(File.ReadLines(_path, Encoding.UTF8));
            }, iter: 300);

    [Fact]
    public void Lines_AreViewsOfTheChunkTheyWereReadIn_NotCopies()
    {
        File.WriteAllText(_path, "one\ntwo\nthree\n");

        var lines = Utf8FileLines.Read(_path).ToList();

        Assert.Equal(["one", "two", "three"], lines.Select(line => line.ToString()));
        Assert.True(MemoryMarshal.TryGetArray(lines[0].Memory, out var first));
        Assert.True(MemoryMarshal.TryGetArray(lines[2].Memory, out var last));
        Assert.Same(first.Array, last.Array);
    }
}
