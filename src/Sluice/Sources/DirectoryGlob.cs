namespace Sluice.Sources;

/// <summary>Expands <c>*</c> and <c>?</c> in the segments of a directory path, as Spark's file streams accept globs.</summary>
internal static class DirectoryGlob
{
    public static IReadOnlyList<string> Expand(string directory)
    {
        var root = Path.GetPathRoot(directory) ?? "/";
        IEnumerable<string> current = [root];
        foreach (var segment in directory[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = segment.AsSpan().IndexOfAny('*', '?') >= 0
                ? current.Where(Directory.Exists).SelectMany(parent => Directory.EnumerateDirectories(parent, segment))
                : current.Select(parent => Path.Combine(parent, segment));
        }

        return [.. current.Where(Directory.Exists).Order(StringComparer.Ordinal)];
    }
}
