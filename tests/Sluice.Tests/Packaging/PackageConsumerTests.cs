using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;
using Sluice.TestSupport;

namespace Sluice.Tests.Packaging;

/// <summary>
/// Sluice as a .NET team gets it, from packages in a local feed: a new console project outside the repository
/// (<c>dotnet new console</c>, <c>dotnet add package Sluice</c>) runs the README's word count over a queue stream and
/// prints Spark's layout; and the <c>sluice</c> tool installs with <c>dotnet tool install</c> and runs the demo. Each
/// test has its own package folder, so no package cached by an earlier run is used. A release, packed from a tagged
/// clone whose remote is on GitHub, carries what a package consumer checks: version, licence, readme, repository and
/// commit, and symbols whose sources are linked to that commit and embedded.
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

    private Task<ChildProcess> DotnetAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("dotnet", workingDirectory, arguments);

    /// <summary>Runs a program to its end, with this test's own package folder, and fails the test on a non-zero exit.</summary>
    private async Task<ChildProcess> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var child = ChildProcess.Start(program, arguments, environment: new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        }, workingDirectory: workingDirectory);
        var exit = await child.WaitForExitAsync(Step);
        Assert.True(exit == 0, $"{program} {string.Join(' ', arguments)} exited with {exit}. {child.Describe()}");
        return child;
    }

    /// <summary>A nuget.config above the test's projects adding the local feed to nuget.org.</summary>
    private Task WriteFeedConfigAsync(string feed) => File.WriteAllTextAsync(Path.Combine(_root, "nuget.config"), $"""
        <configuration>
          <packageSources>
            <add key="local" value="{feed}" />
          </packageSources>
        </configuration>
        """);

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
        await WriteFeedConfigAsync(feed);
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
    public async Task ANewAspNetCoreProject_AddsTheHostingAndWebPackages_AndServesTheWordCountsUi()
    {
        var (repository, configuration) = Build();
        var feed = Path.Combine(_root, "feed");
        foreach (var project in new[] { "src/Sluice", "src/Sluice.Hosting", "src/Sluice.Web" })
        {
            using (await DotnetAsync(repository, "pack", project, "--no-build", "-c", configuration, "-o", feed))
            {
            }
        }

        var version = Path.GetFileName(Assert.Single(Directory.GetFiles(feed, "Sluice.Web.*.nupkg"), file => !file.EndsWith(".snupkg", StringComparison.Ordinal)))["Sluice.Web.".Length..^".nupkg".Length];
        var app = Directory.CreateDirectory(Path.Combine(_root, "WordCountSite")).FullName;
        await WriteFeedConfigAsync(feed);
        using (await DotnetAsync(app, "new", "web", "--framework", "net10.0"))
        {
        }

        foreach (var package in new[] { "Sluice.Hosting", "Sluice.Web" })
        {
            using (await DotnetAsync(app, "add", "package", package, "--version", version))
            {
            }
        }

        foreach (var file in new[] { "Program.cs", "appsettings.json" })
        {
            File.Copy(Path.Combine(repository, "examples", "WebWordCount", file), Path.Combine(app, file), overwrite: true);
        }

        using (await DotnetAsync(app, "build", "-o", "out"))
        {
        }

        using var lines = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        lines.Start();
        var linesPort = ((System.Net.IPEndPoint)lines.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var site = ChildProcess.Start("dotnet", [Path.Combine(app, "out", "WordCountSite.dll")], environment: new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["WordCount__Port"] = linesPort,
            ["Sluice__AppName"] = "site",
        }, workingDirectory: Path.Combine(app, "out"));
        using (var source = await lines.AcceptTcpClientAsync())
        {
            await source.GetStream().WriteAsync("to be or not to be\n"u8.ToArray());
            await site.WaitForLineAsync(line => line == "(to,2)", "the word counts of the line sent", timeout: Step);
        }

        var listening = await site.WaitForLineAsync(line => line.Contains("Now listening on: ", StringComparison.Ordinal), "the address the site listens on");
        using var http = new HttpClient { BaseAddress = new Uri(listening[(listening.IndexOf("http", StringComparison.Ordinal))..]) };
        Assert.Contains("\"numReceivedRecords\":1", await http.GetStringAsync("/api/v1/applications/site/streaming/statistics"), StringComparison.Ordinal);
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));

        site.Signal("TERM");
        Assert.True(await site.WaitForExitAsync(Step) == 0, site.Describe());
        Assert.Contains(site.Output, line => line.Contains("Streaming stopped gracefully", StringComparison.Ordinal));
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

    [Fact]
    public async Task AReleasePackedFromATaggedGitHubClone_CarriesItsVersionLicenceReadmeAndSourceLink()
    {
        var (repository, _) = Build();
        var clone = Path.Combine(_root, "clone");
        const string Remote = "https://github.com/example/sluice.git"; // as a clone of the project's host would have it
        using (await RunAsync("git", repository, "clone", "--quiet", "--shared", repository, clone))
        {
        }

        using (await RunAsync("git", clone, "remote", "set-url", "origin", Remote))
        {
        }

        using (await RunAsync("git", clone, "tag", "v9.8.7"))
        {
        }

        using var head = await RunAsync("git", clone, "rev-parse", "HEAD");
        var commit = Assert.Single(head.Output);
        var feed = Path.Combine(_root, "feed");
        using (await DotnetAsync(clone, "pack", "src/Sluice", "-c", "Release", "-o", feed))
        {
        }

        using var package = ZipFile.OpenRead(Path.Combine(feed, "Sluice.9.8.7.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry("Sluice.nuspec")!.Open()).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => nuspec.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("9.8.7", Field("version"));
        Assert.Equal("Apache-2.0", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.NotNull(package.GetEntry("README.md"));
        var repositoryElement = nuspec.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal(Remote, repositoryElement.Attribute("url")?.Value);
        Assert.Equal(commit, repositoryElement.Attribute("commit")?.Value);

        using var symbols = ZipFile.OpenRead(Path.Combine(feed, "Sluice.9.8.7.snupkg"));
        var (sourceLink, documents, embedded) = ReadSymbols(symbols.GetEntry("lib/net10.0/Sluice.pdb")!);
        Assert.Contains($"https://raw.githubusercontent.com/example/sluice/{commit}/*", sourceLink, StringComparison.Ordinal);
        Assert.True(documents > 100, $"The symbols name {documents} source files.");
        Assert.Equal(documents, embedded);
    }

    /// <summary>A portable PDB's Source Link map, and how many of its documents there are and have their text embedded.</summary>
    private static (string SourceLink, int Documents, int Embedded) ReadSymbols(ZipArchiveEntry pdb)
    {
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var embeddedSourceKind = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
        using var bytes = new MemoryStream();
        using (var entry = pdb.Open())
        {
            entry.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(bytes);
        var reader = provider.GetMetadataReader();
        var sourceLink = "";
        var embedded = 0;
        foreach (var handle in reader.CustomDebugInformation)
        {
            var information = reader.GetCustomDebugInformation(handle);
            var kind = reader.GetGuid(information.Kind);
            if (kind == sourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
            else if (kind == embeddedSourceKind && information.Parent.Kind == HandleKind.Document)
            {
                embedded++;
            }
        }

        return (sourceLink, reader.Documents.Count, embedded);
    }
}
