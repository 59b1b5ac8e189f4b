using System.Runtime.InteropServices;
using System.Text;
using CsCheck;
using Sluice.Sources;

namespace Sluice.Tests.Sources;

/// <summary>A file's lines as text are the lines <see cref="File.ReadLines(string)"/> gives, whatever the chunk size.</summary>
public sealed class Utf8FileLinesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-utf8-lines-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AnyFile_SplitsAsReadLinesDoes_AtEveryChunkSize()
        => Gen.Select(Gen.Int[0, 9].Select(i => new[] { "a", "bc", "é", "\n", "\r", "\r\n", " ", "😀", "\n\n", "xyz" }[i]).Array[0, 30].Select(string.Concat), Gen.Bool, Gen.Int[1, 9])
            .Sample((text, mark, chunk) =>
            {
                // A file per sample: CsCheck runs samples on several threads at once.
                var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
                File.WriteAllBytes(path, [.. mark ? "\uFEFF"u8 : [], .. Encoding.UTF8.GetBytes(text)]);
                var lines = Utf8FileLines.Read(path, chunk).Select(line => line.ToString()).ToList();
                return lines.SequenceEqual(File.ReadLines(path, Encoding.UTF8));
            }, iter: 300);

    [Fact]
    public void Lines_AreViewsOfTheChunkTheyWereReadIn_NotCopies()
    {
        var path = Path.Combine(_directory, "three.txt");
        File.WriteAllText(path, "one\ntwo\nthree\n");

        var lines = Utf8FileLines.Read(path).ToList();

        Assert.Equal(["one", "two", "three"], lines.Select(line => line.ToString()));
        Assert.True(MemoryMarshal.TryGetArray(lines[0].Memory, out var first));
        Assert.True(MemoryMarshal.TryGetArray(lines[2].Memory, out var last));
        Assert.Same(first.Array, last.Array);
    }
}
