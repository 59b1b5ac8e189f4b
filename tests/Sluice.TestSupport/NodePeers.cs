namespace Sluice.TestSupport;

/// <summary>The npm packages the tests run (tests/peers, which test.sh installs with <c>npm ci</c>): s3rver, kinesalite, avsc.</summary>
public static class NodePeers
{
    /// <summary>The folder of the package <paramref name="name"/> under tests/peers/node_modules, found from the running assembly up.</summary>
    /// <exception cref="DirectoryNotFoundException">It is not installed.</exception>
    public static string Module(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var module = Path.Combine(directory.FullName, "tests", "peers", "node_modules", name);
            if (Directory.Exists(module))
            {
                return module;
            }
        }

        throw new DirectoryNotFoundException($"{name} is not installed: run ./test.sh, which installs it into tests/peers with npm ci.");
    }
}
