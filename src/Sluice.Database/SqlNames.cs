namespace Sluice.Database;

/// <summary>Table and column names, checked and quoted, so no name can change a statement's meaning.</summary>
internal static class SqlNames
{
    public static void Check(string? name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a usable SQL name: use letters, digits and underscores, starting with a letter or underscore, at most 63 characters.", what);
        }
    }

    /// <summary>The name in double quotes, as standard SQL (PostgreSQL and SQLite alike) quotes identifiers.</summary>
    public static string Quote(string name) => $"\"{name}\"";
}
