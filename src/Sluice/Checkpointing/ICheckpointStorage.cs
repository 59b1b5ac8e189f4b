namespace Sluice.Checkpointing;

/// <summary>
/// Where checkpoint files live: a flat set of named files, each written whole or not at all, held by one application
/// at a time. The local file system is the default; an object store is another implementation. Names starting with
/// a dot are the storage's own (its lock) and are never listed.
/// </summary>
public interface ICheckpointStorage
{
    /// <summary>Where the files are, for messages (a directory path or a bucket URL).</summary>
    string Location { get; }

    /// <summary>Writes a file atomically: afterwards it holds <paramref name="content"/>, and a crash leaves the old file or none, never part of the new one.</summary>
    /// <param name="name">A file name without directory separators.</param>
    /// <param name="content">The whole content.</param>
    /// <param name="cancellationToken">Cancels the write; the file is then left as it was.</param>
    /// <exception cref="IOException">The file could not be written (for example the disk is full); files already there are intact.</exception>
    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole file, or returns <see langword="null"/> when there is none of that name.</summary>
    /// <param name="name">A file name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a whole file for reading, or returns <see langword="null"/> when there is none of that name: for large
    /// files read in pieces (a state file verified after it was written). By default, <see cref="ReadAsync"/> in memory.
    /// </summary>
    /// <param name="name">A file name.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
        => await ReadAsync(name, cancellationToken).ConfigureAwait(false) is { } content ? new MemoryStream(content, writable: false) : null;

    /// <summary>The names of the files, in no particular order.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the storage for one application until the returned handle is disposed, so two applications never write
    /// one checkpoint directory. A holder that crashed does not keep it: an operating system's lock ends with its
    /// process, a lease in an object store when it is no longer renewed.
    /// </summary>
    /// <param name="holder">Who takes it, for the message another application gets.</param>
    /// <param name="cancellationToken">Cancels taking it.</param>
    /// <returns>The hold; dispose it to let go.</returns>
    /// <exception cref="CheckpointLockedException">Another application holds it.</exception>
    Task<IAsyncDisposable> LockAsync(CheckpointLockHolder holder, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file if it exists.</summary>
    /// <param name="name">A file name.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}
