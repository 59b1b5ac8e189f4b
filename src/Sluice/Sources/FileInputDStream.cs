using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.Sources;

/// <summary>
/// An input stream of the files that appear in a directory, as Spark's <c>FileInputDStream</c>. At each batch time
/// <c>t</c> it selects the files whose modification time is after the start (with <c>newFilesOnly</c>) and in
/// <c>(t − remember window, t]</c>, that no earlier batch took, whose name does not start with <c>.</c> or
/// <c>_</c>, and that pass the filter. No receiver is involved: the batch's files are its source position.
/// </summary>
/// <remarks>
/// Write a file elsewhere and rename it into the directory: a file still being written may be taken with part of
/// its content. The directory may contain <c>*</c> and <c>?</c> in its segments to watch several directories.
/// </remarks>
internal sealed partial class FileInputDStream<T> : DStream<T>, IReplayableInput
{
    private readonly RecordedPositions<string> _recorded;
    private readonly string _directory;
    private readonly Func<string, bool> _filter;
    private readonly bool _newFilesOnly;
    private readonly TimeSpan _rememberWindow;
    private readonly Func<string, IEnumerable<T>> _read;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DateTimeOffset> _taken = new(StringComparer.Ordinal);
    private DateTimeOffset _ignoreBefore = DateTimeOffset.MinValue;
    private bool _warnedMissing;

    public FileInputDStream(
        StreamingContext context, string directory, Func<string, bool> filter, bool newFilesOnly, Func<string, IEnumerable<T>> read, string kind)
        : base(context, kind)
    {
        _directory = Path.GetFullPath(directory);
        _filter = filter;
        _newFilesOnly = newFilesOnly;
        _read = read;
        // At least one batch: a window shorter than the interval would miss files between batches.
        _rememberWindow = context.Options.FileStreamRememberWindow > context.BatchInterval ? context.Options.FileStreamRememberWindow : context.BatchInterval;
        _logger = context.LoggerFactoryFor<FileInputDStream<T>>();
        _recorded = new RecordedPositions<string>(this, JsonSerializerOptions.Default);
        context.Graph.AddInput(this);
    }

    public override TimeSpan SlideDuration => Context.BatchInterval;

    internal override IReadOnlyList<DStream> Dependencies => [];

    public IReadOnlyList<SourcePosition> Positions() => _recorded.ToList();

    public SourcePosition? PositionOf(DateTimeOffset time) => _recorded.Of(time);

    public void RestorePositions(IReadOnlyList<SourcePosition> positions, InputRecovery recovery)
    {
        foreach (var (time, files) in _recorded.Restore(positions))
        {
            foreach (var file in files)
            {
                _taken[file] = time; // taken already: no later batch selects it again
            }
        }
    }

    internal override Rdd<T>? Compute(DateTimeOffset time)
    {
        if (_recorded.Replayed(time) is { } replayed)
        {
            return Report(time, replayed); // a batch run again after a recovery
        }

        if (_newFilesOnly && _ignoreBefore == DateTimeOffset.MinValue)
        {
            _ignoreBefore = ZeroTime!.Value; // Files already there when the stream started are not new.
        }

        var selected = new List<(string Path, DateTimeOffset Modified)>();
        foreach (var directory in Directories())
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
                if (IsSelected(file, modified, time))
                {
                    selected.Add((file.FullName, modified));
                }
            }
        }

        selected.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var (path, modified) in selected)
        {
            _taken[path] = modified;
        }

        // Forget taken files once they are older than the window: they can never be selected again anyway.
        foreach (var old in _taken.Where(pair => pair.Value <= time - _rememberWindow).Select(pair => pair.Key).ToList())
        {
            _taken.Remove(old);
        }

        // Each batch's files are its source position. They are kept as long as a recovery may read them again, and
        // for the remember window, so that a recovered stream knows every file taken and takes none twice.
        string[] files = [.. selected.Select(file => file.Path)];
        _recorded.Record(time, files, _recorded.ReplayHorizon > _rememberWindow ? _recorded.ReplayHorizon : _rememberWindow);
        return Report(time, files);
    }

    /// <summary>Reports the batch's files, and its records as they are read (unlike Spark, which reports none for files).</summary>
    private DirectBatchRdd<T, string> Report(DateTimeOffset time, string[] files)
    {
        var read = _read; // the tasks carry the file reader, not this stream, so they run on executors of other processes too
        var batch = new DirectBatchRdd<T, string>(Context.SluiceContext, "fileStream", files, (path, _, _) => FileRecords.Read(path, read), [.. files.Select(_ => (PartitionKey?)null)]);
        Context.Graph.ReportInput(time, Id, new InputReport(0, files, () => batch.RecordsRead));
        return batch;
    }

    private bool IsSelected(FileInfo file, DateTimeOffset modified, DateTimeOffset time)
        => file.Name[0] is not ('.' or '_')
            && modified > _ignoreBefore
            && modified > time - _rememberWindow
            && modified <= time
            && !_taken.ContainsKey(file.FullName)
            && _filter(file.FullName);

    private IEnumerable<string> Directories()
    {
        var matches = DirectoryGlob.Expand(_directory);
        if (matches.Count == 0)
        {
            if (!_warnedMissing)
            {
                MissingDirectory(_logger, _directory);
                ReportInputError($"Watched directory {_directory} does not exist (yet): batches are empty until it does.");
                _warnedMissing = true;
            }

            return [];
        }

        _warnedMissing = false;
        return matches;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Watched directory {Directory} does not exist (yet): batches are empty until it does")]
    private static partial void MissingDirectory(ILogger logger, string directory);
}
