using Microsoft.Extensions.Logging;
using Sluice.Sources;

namespace Sluice.RabbitMQ;

/// <summary>
/// A direct stream over a RabbitMQ stream queue, as Kafka's: no receiver. Each batch, the driver plans the offsets
/// from where the stream is to the queue's end (as the driver's consumer following the end knows it), bounded by
/// rate and back-pressure, in one or more ranges; tasks read the ranges. The ranges are the batch's positions in the
/// checkpoint, so a batch run again after a crash reads the same messages, and none is counted twice.
/// </summary>
internal sealed class DirectRabbitMQInputDStream<T> : DirectInputDStream<T, StreamQueueRange>
{
    private readonly RabbitMQStreamQueueOptions _options;
    private readonly StreamQueueTail _tail;
    private readonly StreamQueueReader<T> _reader;
    private readonly string _readerId = Guid.NewGuid().ToString("N");
    private long? _current; // the next offset to plan; null until the start is known
    private bool _fromFirst;
    private string? _lastFailure; // reported, and not to be again until following works

    public DirectRabbitMQInputDStream(StreamingContext context, RabbitMQStreamQueueOptions options, RabbitMQEndpoint endpoint, Func<RabbitMQMessage, T> convert)
        : base(context, "rabbitMQStream")
    {
        _options = options;
        var logger = context.SluiceContext.LoggerFactory.CreateLogger<DirectRabbitMQInputDStream<T>>();
        _tail = new StreamQueueTail(endpoint, options.Prefetch, startAtNext: options.StartingOffset is null && options.StartFrom == RabbitMQStreamStart.Next, logger);
        _reader = new StreamQueueReader<T>(_readerId, endpoint, options.Prefetch, options.ReadTimeout, convert);
    }

    protected override IPositionReader<T, StreamQueueRange> PositionReader => _reader;

    protected override IEnumerable<T> Read(StreamQueueRange position, int attempt, CancellationToken cancellationToken)
        => _reader.Read(position, attempt, cancellationToken);

    protected override void Restore(IReadOnlyList<(DateTimeOffset BatchTime, IReadOnlyList<StreamQueueRange> Positions)> batches)
    {
        foreach (var range in batches.SelectMany(batch => batch.Positions))
        {
            _current = Math.Max(_current ?? 0, range.Until); // the checkpoint's offsets win over StartFrom
        }
    }

    protected override IReadOnlyList<StreamQueueRange> Plan(DateTimeOffset batchTime)
    {
        ReportFollowing(_tail.EnsureFollowing());

        _current ??= Start();
        if (_current is not { } from)
        {
            return []; // with Next, nothing published since the stream started
        }

        if (_tail.End is not { } end || end <= from)
        {
            return [new StreamQueueRange(_options.Queue, from, from)]; // nothing new: an empty range still records where the stream is, for a recovery
        }

        var count = Math.Min(end - from, RecordsAllowed(_options.MaxRatePerSecond, _options.MaxRecordsFirstBatch) ?? long.MaxValue);
        var ranges = Split(from, from + count);
        _current = from + count;
        _fromFirst = false;
        return ranges;
    }

    /// <summary>Reports why following the queue's end failed, each cause once until following works again, not at every batch.</summary>
    private void ReportFollowing(string? failure)
    {
        if (failure is null)
        {
            _lastFailure = _tail.IsFollowing ? null : _lastFailure;
            return;
        }

        if (failure != _lastFailure)
        {
            _lastFailure = failure;
            ReportInputError($"{failure} Batches take the messages known so far; following the queue's end again at each batch.");
        }
    }

    protected override void OnStop()
    {
        _tail.Dispose();
        StreamQueueConnections.Close(_readerId);
    }

    /// <summary>Where the stream starts without a checkpoint; null while that is not known yet.</summary>
    private long? Start()
    {
        if (_options.StartingOffset is { } offset)
        {
            return offset;
        }

        if (_options.StartFrom == RabbitMQStreamStart.First)
        {
            _fromFirst = true;
            return 0;
        }

        return _tail.FirstSeen;
    }

    /// <summary>The range in <see cref="RabbitMQStreamQueueOptions.ReadersPerBatch"/> parts of near-equal size.</summary>
    private List<StreamQueueRange> Split(long from, long until)
    {
        var parts = (int)Math.Min(_options.ReadersPerBatch, until - from);
        var ranges = new List<StreamQueueRange>(parts);
        for (var part = 0; part < parts; part++)
        {
            var start = from + ((until - from) * part / parts);
            var end = from + ((until - from) * (part + 1) / parts);
            ranges.Add(new StreamQueueRange(_options.Queue, start, end, FromFirst: part == 0 && _fromFirst));
        }

        return ranges;
    }
}
