using System.CommandLine;
using System.Globalization;
using Sluice.Checkpointing;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice checkpoint inspect DIR</c>: what a checkpoint directory holds, readable by a person.</summary>
internal static class CheckpointCommand
{
    public static Command Create(TextWriter output, CliStorage storage)
    {
        var directory = new Argument<string>("directory") { Description = "The checkpoint directory, or an s3://bucket/prefix URI." };
        var inspect = new Command("inspect", "Shows the checkpoint a restart would use: batch times, pending batches, operators and their saved state, source positions.")
        {
            directory,
        };
        inspect.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(directory);
            var remote = path.Contains("://", StringComparison.Ordinal) && !path.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
            if (!remote && !Directory.Exists(path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(path).LocalPath : path))
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync($"{path} does not exist: give the directory an application checkpoints to.").ConfigureAwait(false);
                return 1;
            }

            CheckpointSummary? summary;
            try
            {
                summary = await CheckpointInspector.InspectAsync(storage.Open(parsed, path), cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointFormatException error)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
                return 1;
            }

            if (summary is null)
            {
                await output.WriteLineAsync($"{Path.GetFullPath(path)} holds no checkpoint.").ConfigureAwait(false);
                return 0;
            }

            await output.WriteAsync(Format(summary)).ConfigureAwait(false);
            return 0;
        });
        return new Command("checkpoint", "Looks into checkpoint directories.") { inspect };
    }

    internal static string Format(CheckpointSummary summary)
    {
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Checkpoint in {summary.Location}");
        if (summary.BatchTime == summary.ZeroTime)
        {
            text.AppendLine("  last completed batch  none: written as the application started");
        }
        else
        {
            text.AppendLine(c, $"  last completed batch  {summary.BatchTime:O}");
        }

        text.AppendLine(c, $"  batch interval        {summary.BatchInterval}");
        text.AppendLine(c, $"  first batch           {summary.ZeroTime + summary.BatchInterval:O}");
        text.AppendLine(c, $"  pending batches       {(summary.PendingBatches.Count == 0 ? "none" : string.Join(", ", summary.PendingBatches.Select(time => time.ToString("O", c))))}");
        text.AppendLine(c, $"  size                  {summary.TotalBytes:N0} bytes");
        foreach (var problem in summary.Skipped)
        {
            text.AppendLine(c, $"  skipped a newer one:  {problem}");
        }

        text.AppendLine("Operators:");
        foreach (var op in summary.Operators)
        {
            var state = op.StateVersion is not { } version ? ""
                : op.Kind == "foldBatches" ? $"  state: a value of {op.StateBytes:N0} bytes, as of {version:O}"
                : $"  state: {op.StateEntries:N0} keys, {op.StateBytes:N0} bytes, as of {version:O}";
            text.AppendLine(c, $"  {op.Identity,-28} {op.Kind,-22}{(op.IsOutput ? " (output)" : "")}{state}");
            if (op.Value is { } value)
            {
                text.AppendLine(c, $"    value: {(value.Length <= 2000 ? value : $"{value[..2000]}... ({value.Length:N0} characters)")}");
            }
        }

        foreach (var source in summary.Sources)
        {
            text.AppendLine(c, $"Source {source.Identity}: {source.Positions:N0} positions over {source.Batches} batches recorded, from {source.FirstBatch:O}");
        }

        return text.ToString();
    }
}
