using Sluice.TestSupport;

namespace Sluice.Tests.Packaging;

/// <summary>
/// Sluice as a .NET team gets it, from packages in a local feed: a new console project outside the repository
/// (<c>dotnet new console</c>, <c>dotnet add package Sluice</c>) runs the README's word count over a queue stream and
/// prints Spark's layout; and the <c>sluice</c> tool installs with <c>dotnet tool install</c> and runs the demo. Each
/// test has its own package folder, so no package cached by an earlier run is used.
/// </summary>
[Trait("Category", "Process")]
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(3);
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-package-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The repository, from the test assembly's folder (tests/Sluice.Tests/bin/CONFIGURATION/FRAMEWORK/).</summary>
    private static (string Repository, string Configuration) Build()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        return (output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, output.Parent.Name);
    }

    private async Task<ChildProcess> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var dotnet = ChildProcess.Start("dotnet", arguments, environment: new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        }, workingDirectory: workingDirectory);
        var exit = await dotnet.WaitForExitAsync(Step);
        Assert.True(exit == 0, $"dotnet {string.Join(' ', arguments)} exited with {exit}. {dotnet.Describe()}");
        return dotnet;
    }

    [Fact]
    public async Task ANewConsoleProject_AddsTheEnginePackage_AndRunsTheReadmesWordCount()
    {
        var (repository, configuration) = Build();
        var feed = Path.Combine(_root, "feed");
        using (await DotnetAsync(repository, "pack", "src/Sluice", "--no-build", "-c", configuration, "-o", feed))
        {
        }

        var package = Path.GetFileName(Assert.Single(Directory.GetFiles(feed, "Sluice.*.nupkg"), file => !file.EndsWith(".snupkg", StringComparison.Ordinal)));
        var version = package["Sluice.".Length..^".nupkg".Length];
        var app = Directory.CreateDirectory(Path.Combine(_root, "WordCountApp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(_root, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        using (await DotnetAsync(app, "new", "console", "--framework", "net10.0"))
        {
        }

        using (await DotnetAsync(app, "add", "package", "Sluice", "--version", version))
        {
        }

        File.Copy(Path.Combine(repository, "examples", "QueueWordCount", "Program.cs"), Path.Combine(app, "Program.cs"), overwrite: true);
        using var run = await DotnetAsync(app, "run");

        Assert.Contains(run.Output, line => line.StartsWith("Time: ", StringComparison.Ordinal) && line.EndsWith(" ms", StringComparison.Ordinal));
        Assert.Contains("(to,2)", run.Output);
        Assert.Contains("(question,1)", run.Output);
    }

    [Fact]
    public async Task TheTool_InstallsFromTheFeed_AndRunsTheDemo()
    {
        var (repository, configuration) = Build();
        var feed = Path.Combine(_root, "feed");
        using (await DotnetAsync(repository, "pack", "src/Sluice.Cli", "--no-build", "-c", configuration, "-o", feed))
        {
        }

        var package = Assert.Single(Directory.GetFiles(feed, "Sluice.Cli.*.nupkg"), file => !file.EndsWith(".snupkg", StringComparison.Ordinal));
        Assert.True(new FileInfo(package).Length < 40_000_000, $"The tool package is {new FileInfo(package).Length / 1_000_000} MB: native libraries of unsupported platforms are back in it.");
        var tools = Path.Combine(_root, "tools");
        using (await DotnetAsync(_root, "tool", "install", "Sluice.Cli", "--tool-path", tools, "--add-source", feed, "--prerelease"))
        {
        }

        using var help = ChildProcess.Start(Path.Combine(tools, "sluice"), ["--help"]);
        Assert.Equal(0, await help.WaitForExitAsync(Step));
        Assert.Contains("  sluice [command] [options]", help.Output);

        using var demo = ChildProcess.Start(Path.Combine(tools, "sluice"), ["demo", "--duration", "3s"]);
        Assert.True(await demo.WaitForExitAsync(Step) == 0, demo.Describe());
        Assert.Contains(demo.Output, line => line.StartsWith("Time: ", StringComparison.Ordinal));
        Assert.Contains(demo.Output, line => line.StartsWith('(') && line.EndsWith(')'));
    }
}
