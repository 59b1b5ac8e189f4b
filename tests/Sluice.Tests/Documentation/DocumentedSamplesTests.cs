using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sluice.Tests.Documentation;

/// <summary>
/// Every C# sample in the README, the guides and the package readmes compiles against the engine as it is, so a
/// sample pasted into a project never fails for a renamed method or a missing <c>using</c>. A sample that starts with
/// <c>using</c> lines must name every namespace it needs beyond a console project's implicit ones; one without them
/// is read with Sluice's namespaces. A sample of an ASP.NET Core application (one that builds a <c>WebApplication</c>)
/// also has what a web project has (<see cref="WebPrelude"/>). Samples may use the variables <see cref="Prelude"/> declares (<c>ssc</c>, <c>lines</c>,
/// <c>counts</c>), as short samples talk about them.
/// </summary>
public sealed partial class DocumentedSamplesTests
{
    /// <summary>What a new console project has (<c>ImplicitUsings</c>), and the variables short samples talk about.</summary>
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;

        internal static class Given
        {
            public static Sluice.StreamingContext ssc = null!;
            public static Sluice.Streams.DStream<string> lines = null!;
            public static Sluice.Streams.DStream<(string Word, int Count)> counts = null!;
            public static string connectionString = "";
        }
        """;

    /// <summary>What a new web project (<c>Microsoft.NET.Sdk.Web</c>) has beyond a console project's.</summary>
    private const string WebPrelude = """
        global using System.Net.Http.Json;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    /// <summary>The namespaces a sample without <c>using</c> lines is read with.</summary>
    private const string Namespaces = """
        global using System.Collections.Concurrent;
        global using Sluice;
        global using Sluice.Datasets;
        global using Sluice.Streams;
        global using Sluice.Text;
        global using Sluice.Testing;
        global using Sluice.Kafka;
        global using Sluice.Database;
        """;

    private static readonly Lazy<List<MetadataReference>> s_references = new(References);

    /// <summary>The documents whose samples are checked, from the repository's root.</summary>
    public static TheoryData<string> Documents()
    {
        var repository = Repository();
        var documents = new TheoryData<string>();
        foreach (var path in new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(repository, "docs"), "*.md").Concat(Directory.GetFiles(Path.Combine(repository, "src"), "README.md", SearchOption.AllDirectories)).Select(path => Path.GetRelativePath(repository, path)).Order(StringComparer.Ordinal)))
        {
            documents.Add(path);
        }

        return documents;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EverySample_Compiles(string document)
    {
        var text = File.ReadAllText(Path.Combine(Repository(), document));
        var samples = Sample().Matches(text).Select(match => (Line: text[..match.Index].Count(c => c == '\n') + 2, Code: match.Groups["code"].Value)).ToList();
        var failures = samples.Select(sample => (sample.Line, Errors: Compile(sample.Code))).Where(result => result.Errors.Count > 0)
            .Select(result => $"{document}, the sample at line {result.Line}:\n  {string.Join("\n  ", result.Errors)}").ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static List<string> Compile(string code)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var whole = code.TrimStart().StartsWith("using ", StringComparison.Ordinal);
        List<SyntaxTree> trees = [CSharpSyntaxTree.ParseText(Prelude, options), CSharpSyntaxTree.ParseText("using static Given;\n" + code, options)];
        if (!whole)
        {
            trees.Add(CSharpSyntaxTree.ParseText(Namespaces, options));
        }

        if (code.Contains("WebApplication.", StringComparison.Ordinal))
        {
            trees.Add(CSharpSyntaxTree.ParseText(WebPrelude, options));
        }

        var compilation = CSharpCompilation.Create("Sample", trees, s_references.Value, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.ToString())];
    }

    /// <summary>The runtime's assemblies and every managed assembly next to the tests (the engine, its connectors and their dependencies).</summary>
    private static List<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        var references = new List<MetadataReference>();
        foreach (var path in platform.Concat(local).DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
                if (reader.HasMetadata)
                {
                    references.Add(MetadataReference.CreateFromFile(path));
                }
            }
            catch (BadImageFormatException)
            {
                // a native library
            }
        }

        return references;
    }

    private static string Repository()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory); // tests/Sluice.Tests/bin/<configuration>/<framework>/
        return output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Sample();
}
