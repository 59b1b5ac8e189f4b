using System.Runtime.InteropServices;

namespace Sluice.Checkpointing;

/// <summary>
/// Checkpoint files in a local directory. A write goes to a hidden temporary file, is flushed to disk, renamed over
/// the target, and the directory is synced, so a crash leaves the old file or the new one, whole.
/// </summary>
public sealed class LocalCheckpointStorage : ICheckpointStorage
{
    private const string TemporaryPrefix = ".tmp-";

    /// <summary>Uses <paramref name="directory"/>, creating it if needed.</summary>
    /// <param name="directory">A directory path.</param>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    public LocalCheckpointStorage(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Location = Directory.CreateDirectory(directory).FullName;
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var target = PathOf(name);
        var temporary = Path.Combine(Location, $"{TemporaryPrefix}{name}-{Guid.NewGuid():N}");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            SyncDirectory();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            if (error is OperationCanceledException)
            {
                throw;
            }

            throw new IOException(
                $"Cannot write checkpoint file {name} in {Location}: {error.Message} The files already there are intact; free space or fix permissions, and checkpoints resume with the next batch.",
                error);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(name), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<string>>(
            [.. Directory.EnumerateFiles(Location).Select(Path.GetFileName).OfType<string>().Where(name => !name.StartsWith(TemporaryPrefix, StringComparison.Ordinal))]);

    /// <inheritdoc/>
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(name));
        return Task.CompletedTask;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is ignored by readers and listings.
        }
    }

    private string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"Checkpoint file name '{name}' must not contain a directory.", nameof(name));
        }

        return Path.Combine(Location, name);
    }

    /// <summary>Makes the rename durable: on Linux and macOS a rename is on disk only once its directory is synced.</summary>
    private void SyncDirectory()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // Windows makes the rename durable with the file's own flush.
        }

        var descriptor = Open(Location, 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            return;
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"fsync of {Location} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // DllImport rather than LibraryImport, whose generated code needs unsafe blocks, which this project keeps off.
    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
