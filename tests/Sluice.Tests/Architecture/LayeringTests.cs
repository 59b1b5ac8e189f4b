namespace Sluice.Tests.Architecture;

/// <summary>
/// The engine's folders form layers (docs/architecture.md, "Layers"): each may use only the folders listed for it
/// here, and this table has no cycle. A new dependency that breaks the layers fails here with the type that made it.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Each folder of src/Sluice (its subfolders included) and the folders it may use.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Logging"] = [],
        ["Text"] = [],
        ["Serialization"] = ["Text"],
        ["Monitoring"] = [],
        ["Storage"] = ["Serialization", "Text"],
        ["Execution"] = ["Storage", "Serialization", "Logging"],
        ["RateControl"] = ["Monitoring"],
        ["Datasets"] = ["Execution", "Storage", "Serialization", "Text", "Logging"],
        ["Outputs"] = ["Datasets"],
        ["Stateful"] = ["Datasets", "Execution", "Storage", "Serialization"],
        ["Checkpointing"] = ["Serialization", "Monitoring", "Logging"],
        ["Streams"] = ["Checkpointing", "Stateful", "Outputs", "Datasets", "Execution", "Serialization", "Text", "Monitoring", "Logging"],
        ["Sources"] = ["Streams", "Checkpointing", "RateControl", "Datasets", "Execution", "Storage", "Serialization", "Text", "Monitoring", "Logging"],
        ["Driver"] = ["Sources", "Streams", "Checkpointing", "Datasets", "Execution", "Monitoring", "Logging"],
    };

    /// <summary>
    /// The root namespace is the front door, above every folder. Streams hold their context, as Spark's DStream
    /// does, so these types (and nothing else of the root) may be named from the folders that build streams.
    /// </summary>
    private static readonly string[] FrontDoor = ["Sluice.StreamingContext", "Sluice.StreamingContextOptions"];

    private static readonly string[] FolderUsingFrontDoor = ["Streams", "Sources", "Driver"];

    private static readonly NamespaceGraph Engine = NamespaceGraph.Of(typeof(StreamingContext).Assembly.Location);

    [Fact]
    public void Every_folder_uses_only_the_folders_below_it()
    {
        var broken = Engine.Uses
            .Where(use => use.From != "Sluice" && use.To != "Sluice")
            .Select(use => (Use: use, From: Folder(use.From), To: Folder(use.To)))
            .Where(edge => edge.From != edge.To && !Allowed.GetValueOrDefault(edge.From, []).Contains(edge.To))
            .Select(edge => $"{edge.From} -> {edge.To}: {edge.Use.Type} uses {edge.Use.Used}")
            .Distinct()
            .ToList();

        Assert.True(broken.Count == 0, "Dependencies the layers do not allow:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Only_the_streaming_folders_name_the_front_door()
    {
        var broken = Engine.Uses
            .Where(use => use.From != "Sluice" && use.To == "Sluice")
            .Where(use => !FrontDoor.Contains(use.Used) || !FolderUsingFrontDoor.Contains(Folder(use.From)))
            .Select(use => $"{use.Type} uses {use.Used}")
            .Distinct()
            .ToList();

        Assert.True(broken.Count == 0, "Root types named from below the front door:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Every_folder_has_a_place_in_the_layers()
    {
        var folders = typeof(StreamingContext).Assembly.GetTypes()
            .Select(type => type.Namespace)
            .Where(name => name is not null && name.StartsWith("Sluice.", StringComparison.Ordinal))
            .Select(name => Folder(name!))
            .Distinct();

        Assert.All(folders, folder => Assert.True(Allowed.ContainsKey(folder), $"Folder {folder} is in no layer."));
    }

    [Fact]
    public void The_layers_have_no_cycle()
    {
        var visiting = new HashSet<string>();
        var done = new HashSet<string>();

        void Visit(string folder, List<string> path)
        {
            if (done.Contains(folder)) return;
            Assert.True(visiting.Add(folder), "The layers have a cycle: " + string.Join(" -> ", path.Append(folder)));
            foreach (var below in Allowed[folder]) Visit(below, [.. path, folder]);
            visiting.Remove(folder);
            done.Add(folder);
        }

        foreach (var folder in Allowed.Keys) Visit(folder, []);
    }

    [Fact]
    public void The_graph_reads_dependencies_from_method_bodies()
    {
        // A check that cannot fail proves nothing: JobRun names TaskDescription only inside a method body.
        Assert.Contains(Engine.Uses, use => use.Type.StartsWith("Sluice.Datasets.JobRun", StringComparison.Ordinal) && use.Used == "Sluice.Execution.TaskDescription");
    }

    private static string Folder(string @namespace) => @namespace.Split('.') switch
    {
        [_, var folder, ..] => folder,
        _ => "",
    };
}
