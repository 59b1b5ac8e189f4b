using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;

namespace Sluice.Sources;

/// <summary>
/// The write-ahead log of one receiver stream, kept in the checkpoint storage (a local directory, S3, any
/// <see cref="ICheckpointStorage"/>): each block is one file, <c>received-STREAM-SEQUENCE</c>, written whole before
/// the receiver is told it is stored, so a crash loses no acknowledged record. A file is a checkpoint file of kind
/// <see cref="CheckpointFileKind.ReceivedBlock"/> (versioned, XXH128-checked) holding the block's sequence number,
/// record count and records. Files are deleted, off the caller's thread, once no kept checkpoint needs their blocks.
/// </summary>
/// <remarks>
/// One file a block, not appended segments: an object store cannot append, a whole-file write cannot be torn, and a
/// block's file goes as soon as its block is not needed (docs/adr/0004). A log in the first format (segments under a
/// local checkpoint directory) is still read, and deleted as its blocks stop being needed.
/// </remarks>
internal sealed class ReceivedBlockLog : IDisposable
{
    private const int BlockHeader = 8 + 4;
    private readonly ICheckpointStorage _storage;
    private readonly string _prefix;
    private SegmentedBlockLog? _segments;
    private readonly ILogger _logger;
    private readonly SortedSet<long> _stored = [];
    private readonly Lock _gate = new();
    private Task _deleting = Task.CompletedTask;
    private long _firstInThisFormat = long.MaxValue;

    /// <param name="storage">The checkpoint storage.</param>
    /// <param name="streamId">The receiver stream whose blocks this log keeps.</param>
    /// <param name="localDirectory">The checkpoint directory when it is local: a log of the first format may be there.</param>
    /// <param name="logger">Where failed deletions are reported.</param>
    public ReceivedBlockLog(ICheckpointStorage storage, int streamId, string? localDirectory, ILogger logger)
    {
        _storage = storage;
        _prefix = string.Create(CultureInfo.InvariantCulture, $"received-{streamId}-");
        _logger = logger;
        if (localDirectory is not null)
        {
            _segments = new SegmentedBlockLog(Path.Combine(localDirectory, "receivedData", streamId.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Writes a block; it is durable when this returns.</summary>
    /// <exception cref="IOException">The block could not be made durable; it must not be acknowledged.</exception>
    public void Append(long sequence, int records, ReadOnlyMemory<byte> payload)
    {
        var file = new ArrayBufferWriter<byte>(payload.Length + 64);
        CheckpointFile.Build(CheckpointFileKind.ReceivedBlock, output =>
        {
            var header = output.GetSpan(BlockHeader);
            BinaryPrimitives.WriteInt64LittleEndian(header, sequence);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], records);
            output.Advance(BlockHeader);
            output.Write(payload.Span);
        }, file);

        // The receiving thread waits: a block is acknowledged only once stored (receivers run on threads of their own).
        _storage.WriteAsync(Name(sequence), file.WrittenMemory).GetAwaiter().GetResult();
        Stored(sequence);
    }

    /// <summary>Every readable block, oldest first, and what was wrong with those that are not, if anything.</summary>
    public (List<LoggedBlock> Blocks, string? Damage) ReadAll()
    {
        var damage = new List<string>();
        var blocks = new SortedDictionary<long, LoggedBlock>();
        if (_segments is { Exists: true })
        {
            var (old, oldDamage) = _segments.ReadAll();
            old.ForEach(block => blocks[block.Sequence] = block);
            if (oldDamage is not null)
            {
                damage.Add(oldDamage);
            }
        }

        foreach (var name in _storage.ListAsync().GetAwaiter().GetResult().Where(IsOurs))
        {
            try
            {
                var file = _storage.ReadAsync(name).GetAwaiter().GetResult();
                if (file is null)
                {
                    continue; // deleted since it was listed
                }

                var block = Read(CheckpointFile.Unwrap(file, CheckpointFileKind.ReceivedBlock, name).Span, name);
                blocks[block.Sequence] = block;
                Stored(block.Sequence);
            }
            catch (CheckpointFormatException error)
            {
                damage.Add(error.Message);
            }
        }

        return ([.. blocks.Values], damage.Count == 0 ? null : string.Join(" ", damage));
    }

    /// <summary>Deletes, in the background, the blocks older than <paramref name="oldestNeeded"/>.</summary>
    public void DeleteBefore(long oldestNeeded)
    {
        lock (_gate)
        {
            long[] old = [.. _stored.TakeWhile(sequence => sequence < oldestNeeded)];
            _stored.ExceptWith(old);
            if (old.Length > 0 || _segments is not null)
            {
                var (segments, firstAfterSegments) = (_segments, _firstInThisFormat);
                _deleting = _deleting.ContinueWith(_ => DeleteAsync(old, segments, oldestNeeded, firstAfterSegments), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }
        }
    }

    /// <summary>Waits for deletions in progress.</summary>
    public void Dispose()
    {
        Task deleting;
        lock (_gate)
        {
            deleting = _deleting;
        }

        deleting.GetAwaiter().GetResult();
    }

    private void Stored(long sequence)
    {
        lock (_gate)
        {
            _stored.Add(sequence);
            _firstInThisFormat = Math.Min(_firstInThisFormat, sequence);
        }
    }

    private async Task DeleteAsync(long[] sequences, SegmentedBlockLog? segments, long oldestNeeded, long firstAfterSegments)
    {
        foreach (var sequence in sequences)
        {
            try
            {
                await _storage.DeleteAsync(Name(sequence)).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Best effort: a file left behind costs space until the next batch's deletions try it again.
                ReceiverLog.LogFileNotDeleted(_logger, error, Name(sequence), _storage.Location);
                lock (_gate)
                {
                    _stored.Add(sequence); // tried again with the next batch's deletions
                }
            }
        }

        try
        {
            if (segments is not null)
            {
                segments.DeleteBefore(oldestNeeded, firstAfterSegments);
                if (!segments.Exists)
                {
                    lock (_gate)
                    {
                        _segments = null; // read and let go: the first format is not written again
                    }
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            ReceiverLog.LogFileNotDeleted(_logger, error, "receivedData", _storage.Location);
        }
    }

    private string Name(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{_prefix}{sequence:D19}");

    private bool IsOurs(string name)
        => name.StartsWith(_prefix, StringComparison.Ordinal) && name.Length == _prefix.Length + 19 && name[_prefix.Length..].All(char.IsAsciiDigit);

    private static LoggedBlock Read(ReadOnlySpan<byte> payload, string name)
    {
        if (payload.Length < BlockHeader)
        {
            throw new CheckpointFormatException($"{name} is too short to hold a received block.");
        }

        var block = new LoggedBlock(BinaryPrimitives.ReadInt64LittleEndian(payload), BinaryPrimitives.ReadInt32LittleEndian(payload[8..]), payload[BlockHeader..].ToArray());
        return block.Records < 0 ? throw new CheckpointFormatException($"{name} holds a negative record count.") : block;
    }
}
