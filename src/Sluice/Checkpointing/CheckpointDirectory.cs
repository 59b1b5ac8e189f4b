using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Sluice.Checkpointing;

/// <summary>
/// The files of one application's checkpoints: a metadata file per checkpointed batch and the data files they
/// reference. Writes keep the newest <see cref="Retained"/> metadata files, and the newest older one that shares no
/// data file with the newest (a fallback that a damaged state file cannot take down with it), and delete data files
/// none of them references, so disk use stays bounded; reads take the newest checkpoint that is whole, falling
/// back past corrupt, truncated or incomplete ones with a warning.
/// </summary>
internal sealed class CheckpointDirectory(ICheckpointStorage storage, ILogger logger)
{
    public const int Retained = 10;
    private const string MetadataPrefix = "metadata-";

    /// <summary>How the names of state files start: retention deletes those no kept checkpoint references, and no other file.</summary>
    public const string StatePrefix = "state-";

    // The data files each kept metadata file references, so each is read at most once (by the one writer loop);
    // null for one that cannot be read, which protects no data file and is no fallback.
    private readonly Dictionary<string, string[]?> _references = new(StringComparer.Ordinal);

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
        var kept = new List<string>(metadataFiles.Take(Retained));
        foreach (var name in kept)
        {
            await ReferencesAsync(name, referencedBy, cancellationToken).ConfigureAwait(false);
        }

        // A fallback that shares no state file with the newest checkpoint: if one of the newest's state files is
        // damaged, every checkpoint that shares it is too, and the ten newest often all share one state version.
        var newest = _references[metadataFiles[0]] ?? [];
        if (!kept.Skip(1).Any(name => _references[name] is { } files && !files.Intersect(newest).Any()))
        {
            foreach (var older in metadataFiles.Skip(Retained))
            {
                var files = await ReferencesAsync(older, referencedBy, cancellationToken).ConfigureAwait(false);
                if (files is not null && !files.Intersect(newest).Any())
                {
                    kept.Add(older);
                    break;
                }
            }
        }

        foreach (var old in metadataFiles.Except(kept))
        {
            await storage.DeleteAsync(old, cancellationToken).ConfigureAwait(false);
            _references.Remove(old);
        }

        var referenced = kept.SelectMany(name => _references[name] ?? []).ToHashSet(StringComparer.Ordinal);
        // Other files (a receiver's write-ahead log) have owners of their own.
        foreach (var data in names.Where(name => name.StartsWith(StatePrefix, StringComparison.Ordinal) && !referenced.Contains(name)))
        {
            await storage.DeleteAsync(data, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The data files a metadata file references, read once (by the one writer loop); null and nothing protected for an unreadable one.</summary>
    private async Task<string[]?> ReferencesAsync(string name, Func<ReadOnlyMemory<byte>, IEnumerable<string>> referencedBy, CancellationToken cancellationToken)
    {
        if (!_references.TryGetValue(name, out var files))
        {
            files = await TryReadAsync(name, CheckpointFileKind.Metadata, cancellationToken).ConfigureAwait(false) is { } payload ? [.. referencedBy(payload)] : null;
            _references[name] = files;
        }

        return files;
    }

    /// <summary>
    /// Writes a whole checkpoint file (the state of one operator partition) and reads it back, so that no metadata
    /// ever references a file the storage did not keep as written.
    /// </summary>
    /// <exception cref="IOException">The file could not be written, or reads back differently.</exception>
    public async Task WriteVerifiedAsync(string name, ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        await storage.WriteAsync(name, file, cancellationToken).ConfigureAwait(false);
        if (await ReadsBackAsync(name, file, cancellationToken).ConfigureAwait(false) is { } difference)
        {
            throw new IOException($"Checkpoint file {name} in {storage.Location} {difference}: the storage did not keep what was written. The previous checkpoint stays the one a restart uses.");
        }
    }

    /// <summary>Compares a stored file with what was written, a piece at a time; null when they are the same, else how they differ.</summary>
    private async Task<string?> ReadsBackAsync(string name, ReadOnlyMemory<byte> written, CancellationToken cancellationToken)
    {
        var stream = await storage.OpenReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return "is missing after it was written";
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var offset = 0;
                while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) is > 0 and var read)
                {
                    if (offset + read > written.Length || !buffer.AsSpan(0, read).SequenceEqual(written.Span.Slice(offset, read)))
                    {
                        return $"differs from what was written from byte {offset} on";
                    }

                    offset += read;
                }

                return offset == written.Length ? null : $"reads back {offset} of the {written.Length} bytes written";
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Every state file a checkpoint's metadata names, read: what a recovery restores and an inspection sums up.</summary>
    /// <exception cref="CheckpointFormatException">A state file is missing or damaged: the checkpoint named <paramref name="metadataName"/> cannot be used.</exception>
    public async Task<List<(StateFile File, ReadOnlyMemory<byte> Payload)>> ReadStateAsync(string metadataName, CheckpointMetadata metadata, CancellationToken cancellationToken = default)
    {
        var state = new List<(StateFile File, ReadOnlyMemory<byte> Payload)>();
        foreach (var file in metadata.StateFiles)
        {
            try
            {
                state.Add((file, await ReadDataAsync(file.File, CheckpointFileKind.State, cancellationToken).ConfigureAwait(false)));
            }
            catch (CheckpointFormatException error)
            {
                throw new CheckpointFormatException($"{metadataName} needs the state of {file.Operator}, but {error.Message}", error);
            }
        }

        return state;
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
    public Task<(DateTimeOffset BatchTime, T Metadata)?> ReadLatestAsync<T>(
        Func<ReadOnlyMemory<byte>, T> accept, CancellationToken cancellationToken = default, ICollection<string>? skipped = null)
        => ReadLatestAsync((_, payload) => Task.FromResult(accept(payload)), cancellationToken, skipped);

    /// <summary>
    /// The newest checkpoint that <paramref name="accept"/> can use: it gets each metadata file's name and payload,
    /// newest first, and throws <see cref="CheckpointFormatException"/> when the checkpoint is incomplete (a state
    /// file missing or damaged), so the next older one is tried; any other exception ends the search.
    /// </summary>
    /// <exception cref="CheckpointFormatException">There are metadata files, but no checkpoint is usable; the message lists why for each and what to do.</exception>
    public async Task<(DateTimeOffset BatchTime, T Metadata)?> ReadLatestAsync<T>(
        Func<string, ReadOnlyMemory<byte>, Task<T>> accept, CancellationToken cancellationToken = default, ICollection<string>? skipped = null)
    {
        var names = (await storage.ListAsync(cancellationToken).ConfigureAwait(false)).Where(IsMetadata).OrderDescending(StringComparer.Ordinal).ToList();
        var problems = new List<(string Name, string Problem)>();
        foreach (var name in names)
        {
            try
            {
                var file = await storage.ReadAsync(name, cancellationToken).ConfigureAwait(false);
                if (file is null)
                {
                    continue; // deleted since the listing
                }

                var metadata = await accept(name, CheckpointFile.Unwrap(file, CheckpointFileKind.Metadata, name)).ConfigureAwait(false);
                if (problems.Count > 0)
                {
                    var said = Describe(problems);
                    CheckpointLog.FellBack(logger, storage.Location, name, string.Join(" ", said));
                    said.ForEach(problem => skipped?.Add(problem));
                }

                return (BatchTimeOf(name), metadata);
            }
            catch (CheckpointFormatException error)
            {
                problems.Add((name, error.Message));
            }
        }

        return problems.Count == 0
            ? null
            : throw new CheckpointFormatException(
                $"No checkpoint in {storage.Location} can be used: {string.Join(" ", Describe(problems))} Restore the directory from a backup, or start afresh without its state: " +
                "GetOrCreate(directory, factory, createOnError: true), or `sluice wordcount ... --create-on-error`.");
    }

    /// <summary>What was wrong with each checkpoint skipped; a problem many share is said once, with how many it concerns.</summary>
    private static List<string> Describe(List<(string Name, string Problem)> problems)
        => [.. problems
            .Select(problem => (problem.Name, Problem: problem.Problem.StartsWith(problem.Name + " ", StringComparison.Ordinal) ? problem.Problem[(problem.Name.Length + 1)..] : ": " + problem.Problem))
            .GroupBy(problem => problem.Problem, StringComparer.Ordinal)
            .Select(group => $"{group.First().Name}{(group.Count() > 1 ? $" (and {group.Count() - 1} older metadata files like it)" : "")}{(group.Key.StartsWith(':') ? "" : " ")}{group.Key}")];

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
