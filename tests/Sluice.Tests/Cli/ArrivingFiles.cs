namespace Sluice.Tests.Cli;

/// <summary>
/// Text files arriving in a watched directory as a user's would (written elsewhere, renamed in whole), and what they
/// hold: the lines and each word's count, which a window over all of them must show.
/// </summary>
internal sealed class ArrivingFiles(string root)
{
    private readonly string _staging = Directory.CreateDirectory(Path.Combine(root, "staging")).FullName;
    private int _next;

    /// <summary>The watched directory.</summary>
    public string Input { get; } = Directory.CreateDirectory(Path.Combine(root, "in")).FullName;

    /// <summary>The lines arrived so far.</summary>
    public int Lines { get; private set; }

    /// <summary>Each word's count over every file arrived so far.</summary>
    public Dictionary<string, int> Expected { get; } = [];

    /// <summary>Writes the next file with <paramref name="lines"/> and renames it into <see cref="Input"/>.</summary>
    public void Arrive(string[] lines)
    {
        foreach (var word in lines.SelectMany(line => line.Split(' ')))
        {
            Expected[word] = Expected.GetValueOrDefault(word) + 1;
        }

        Lines += lines.Length;
        var name = $"{_next++}.txt";
        File.WriteAllLines(Path.Combine(_staging, name), lines);
        File.Move(Path.Combine(_staging, name), Path.Combine(Input, name));
    }
}
