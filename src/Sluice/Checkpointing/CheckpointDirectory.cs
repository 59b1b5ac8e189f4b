using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Sluice.Checkpointing;

/// <summary>
/// The files of one application's checkpoints: a metadata file per checkpointed batch and the data files they
/// reference. Writes keep the newest <see cref="Retained"/> metadata files and delete data files none of them
/// references, so disk use stays bounded; reads take the newest metadata file that is whole, falling back past
/// corrupt or truncated ones with a warning.
/// </summary>
internal sealed class CheckpointDirectory(ICheckpointStorage storage, ILogger logger)
{
    public const int Retained = 10;
    private const string MetadataPrefix = "metadata-";

    // The data files each kept metadata file references, so each is read at most once (by the one writer loop).
    private readonly Dictionary<string, string[]> _references = new(StringComparer.Ordinal);

    public ICheckpointStorage Storage => storage;

    public static string MetadataName(DateTimeOffset batchTime)
        => MetadataPrefix + batchTime.ToUnixTimeMilliseconds().ToString("D15", CultureInfo.InvariantCulture);

    /// <summary>Writes a batch's metadata, then removes old metadata and the data files only they referenced.</summary>
    /// <param name="batchTime">The batch the metadata describes.</param>
    /// <param name="metadata">The metadata payload.</param>
    /// <param name="referencedBy">The data files a metadata payload references.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteMetadataAsync(DateTimeOffset batchTime, ReadOnlyMemory<byte> metadata, Func<ReadOnlyMemory<byte>, IEnumerable<string>> referencedBy, CancellationToken cancellationToken = default)
    {
        var written = MetadataName(batchTime);
        await storage.WriteAsync(written, CheckpointFile.Wrap(CheckpointFileKind.Metadata, metadata.Span), cancellationToken).ConfigureAwait(false);
        _references[written] = [.. referencedBy(metadata)];

        var names = await storage.ListAsync(cancellationToken).ConfigureAwait(false);
        var metadataFiles = names.Where(IsMetadata).OrderDescending(StringComparer.Ordinal).ToList();
        foreach (var old in metadataFiles.Skip(Retained))
        {
            await storage.DeleteAsync(old, cancellationToken).ConfigureAwait(false);
            _references.Remove(old);
        }

        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kept in metadataFiles.Take(Retained))
        {
            if (!_references.TryGetValue(kept, out var files))
            {
                // Written by an earlier run: read once. An unreadable one protects no data file.
                files = await TryReadAsync(kept, CheckpointFileKind.Metadata, cancellationToken).ConfigureAwait(false) is { } payload ? [.. referencedBy(payload)] : [];
                _references[kept] = files;
            }

            referenced.UnionWith(files);
        }

        foreach (var data in names.Where(name => !IsMetadata(name) && !referenced.Contains(name)))
        {
            await storage.DeleteAsync(data, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a data file (the state of one operator partition).</summary>
    public Task WriteDataAsync(string name, CheckpointFileKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
        => storage.WriteAsync(name, CheckpointFile.Wrap(kind, payload.Span), cancellationToken);

    /// <summary>Reads a data file a readable metadata file references.</summary>
    /// <exception cref="CheckpointFormatException">The file is missing, foreign, truncated or corrupt.</exception>
    public async Task<ReadOnlyMemory<byte>> ReadDataAsync(string name, CheckpointFileKind kind, CancellationToken cancellationToken = default)
    {
        var file = await storage.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new CheckpointFormatException($"Checkpoint data file {name} is missing from {storage.Location}.");
        return CheckpointFile.Unwrap(file, kind, name);
    }

    /// <summary>
    /// The newest metadata that can be read and accepted by <paramref name="accept"/> (which throws
    /// <see cref="CheckpointFormatException"/> for a payload it cannot use), or <see langword="null"/> when there is
    /// no checkpoint. Unreadable newer files are skipped with a warning each.
    /// </summary>
    /// <exception cref="CheckpointFormatException">There are metadata files, but none can be read; the message lists why for each.</exception>
    public async Task<(DateTimeOffset BatchTime, T Metadata)?> ReadLatestAsync<T>(
        Func<ReadOnlyMemory<byte>, T> accept, CancellationToken cancellationToken = default, ICollection<string>? skipped = null)
    {
        var names = (await storage.ListAsync(cancellationToken).ConfigureAwait(false)).Where(IsMetadata).OrderDescending(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        foreach (var name in names)
        {
            try
            {
                var file = await storage.ReadAsync(name, cancellationToken).ConfigureAwait(false);
                if (file is null)
                {
                    continue; // deleted since the listing
                }

                var metadata = accept(CheckpointFile.Unwrap(file, CheckpointFileKind.Metadata, name));
                if (problems.Count > 0)
                {
                    CheckpointLog.FellBack(logger, storage.Location, name, string.Join(" ", problems));
                    problems.ForEach(problem => skipped?.Add(problem));
                }

                return (BatchTimeOf(name), metadata);
            }
            catch (CheckpointFormatException error)
            {
                problems.Add(error.Message);
            }
        }

        return problems.Count == 0
            ? null
            : throw new CheckpointFormatException($"No checkpoint in {storage.Location} can be read: {string.Join(" ", problems)}");
    }

    private static bool IsMetadata(string name)
        => name.StartsWith(MetadataPrefix, StringComparison.Ordinal) && name.Length == MetadataPrefix.Length + 15 && name[MetadataPrefix.Length..].All(char.IsAsciiDigit);

    private static DateTimeOffset BatchTimeOf(string name)
        => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(name.AsSpan(MetadataPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture));

    private async Task<ReadOnlyMemory<byte>?> TryReadAsync(string name, CheckpointFileKind kind, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadDataAsync(name, kind, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointFormatException)
        {
            return null; // an unreadable old checkpoint protects no data file
        }
    }
}
