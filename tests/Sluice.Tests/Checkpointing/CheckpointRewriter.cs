using System.Text.Json.Nodes;
using Sluice.Checkpointing;

namespace Sluice.Tests.Checkpointing;

/// <summary>Edits the metadata files of a local checkpoint directory, as an older version or another application would have written them.</summary>
internal static class CheckpointRewriter
{
    /// <summary>Applies <paramref name="edit"/> to each source position's JSON object in every metadata file.</summary>
    public static void EditSources(string directory, Action<JsonObject> edit)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "metadata-*"))
        {
            var payload = CheckpointFile.Unwrap(File.ReadAllBytes(path), CheckpointFileKind.Metadata, path);
            var json = JsonNode.Parse(payload.Span)!.AsObject();
            foreach (var source in json["Sources"]!.AsArray())
            {
                edit(source!.AsObject());
            }

            File.WriteAllBytes(path, CheckpointFile.Wrap(CheckpointFileKind.Metadata, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
        }
    }

    /// <summary>Writes positions as the first format did: <c>Files</c>, a string each (a received block as <c>block N:M</c>).</summary>
    public static void ToFirstFormat(string directory)
        => EditSources(directory, source =>
        {
            var positions = source["Positions"]!.AsArray();
            source.Remove("Positions");
            source["Files"] = new JsonArray([.. positions.Select(position => (JsonNode)(position is JsonObject block
                ? $"block {block["Sequence"]}:{block["Records"]}"
                : position!.GetValue<string>()))]);
        });
}
