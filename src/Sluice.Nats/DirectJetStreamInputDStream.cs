using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Sluice.Sources;

namespace Sluice.Nats;

/// <summary>
/// A direct stream over a JetStream stream, as Kafka's: no receiver. Each batch, the driver asks JetStream for the
/// stream's last sequence number and plans <c>[current, last + 1)</c>, bounded by rate and back-pressure, in one or
/// more ranges; tasks read the ranges. The ranges are the batch's positions in the checkpoint, so a batch run again
/// after a crash reads the same messages, and none is counted twice.
/// </summary>
internal sealed class DirectJetStreamInputDStream<T> : DirectInputDStream<T, SequenceRange>
{
    private readonly NatsJetStreamOptions _options;
    private readonly NatsEndpoint _endpoint;
    private readonly JetStreamRangeReader<T> _reader;
    private readonly ILogger _logger;
    private readonly string _readerId = Guid.NewGuid().ToString("N");
    private ulong? _current; // the next sequence number to plan; null until the start is known
    private bool _fromFirst;
    private string? _lastFailure; // reported, and not to be again until JetStream answers

    public DirectJetStreamInputDStream(StreamingContext context, NatsJetStreamOptions options, NatsEndpoint endpoint, Func<NatsMessage, T> convert)
        : base(context, "natsJetStream")
    {
        _options = options;
        _endpoint = endpoint;
        _logger = context.SluiceContext.LoggerFactory.CreateLogger<DirectJetStreamInputDStream<T>>();
        _reader = new JetStreamRangeReader<T>(_readerId, endpoint, [.. options.FilterSubjects], options.FetchSize, convert);
    }

    protected override IPositionReader<T, SequenceRange> PositionReader => _reader;

    protected override IEnumerable<T> Read(SequenceRange position, int attempt, CancellationToken cancellationToken)
        => _reader.Read(position, attempt, cancellationToken);

    protected override void Restore(IReadOnlyList<(DateTimeOffset BatchTime, IReadOnlyList<SequenceRange> Positions)> batches)
    {
        foreach (var range in batches.SelectMany(batch => batch.Positions))
        {
            _current = Math.Max(_current ?? 0, range.Until); // the checkpoint's sequence numbers win over StartFrom
        }
    }

    protected override IReadOnlyList<SequenceRange> Plan(DateTimeOffset batchTime)
    {
        if (State() is not { } state)
        {
            return _current is { } at ? [new SequenceRange(_options.Stream, at, at)] : [];
        }

        if (_current is null)
        {
            _current = Start(state);
            NatsLog.Reading(_logger, _options.Stream, _endpoint.Address, _current.Value);
        }

        var from = _current.Value;
        var end = state.LastSeq + 1;
        if (end <= from)
        {
            return [new SequenceRange(_options.Stream, from, from)]; // nothing new: an empty range still records where the stream is, for a recovery
        }

        var count = Math.Min(end - from, (ulong)(RecordsAllowed(_options.MaxRatePerSecond, _options.MaxRecordsFirstBatch) ?? long.MaxValue));
        var ranges = Split(from, from + count);
        _current = from + count;
        _fromFirst = false;
        return ranges;
    }

    protected override void OnStop() => NatsConnections.Close(_readerId);

    /// <summary>The stream's sequence numbers now; null when JetStream could not say (reported once until it can again).</summary>
    private StreamState? State()
    {
        try
        {
            var state = StateAsync().GetAwaiter().GetResult();
            _lastFailure = null;
            return state;
        }
        catch (Exception error) when (error is not OperationCanceledException || !Context.StoppingToken.IsCancellationRequested)
        {
            var failure = NatsErrors.Describe(_endpoint, $"JetStream stream '{_options.Stream}'", error);
            if (failure != _lastFailure)
            {
                _lastFailure = failure;
                ReportInputError($"{failure} Batches are empty until JetStream answers; they then read on from where the stream was.", error);
            }

            return null;
        }
    }

    private async Task<StreamState> StateAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Context.StoppingToken);
        timeout.CancelAfter(_endpoint.ConnectTimeout); // requests wait while the client reconnects: a batch does not
        var connection = await NatsConnections.GetAsync(_readerId, _endpoint, timeout.Token).ConfigureAwait(false);
        var stream = await new NatsJSContext(connection).GetStreamAsync(_options.Stream, cancellationToken: timeout.Token).ConfigureAwait(false);
        return stream.Info.State;
    }

    /// <summary>Where the stream starts without a checkpoint.</summary>
    private ulong Start(StreamState state)
    {
        if (_options.StartingSequence is { } sequence)
        {
            return sequence;
        }

        if (_options.StartFrom == NatsStreamStart.First)
        {
            _fromFirst = true;
            return Math.Max(1, state.FirstSeq);
        }

        return state.LastSeq + 1;
    }

    /// <summary>The range in <see cref="NatsJetStreamOptions.ReadersPerBatch"/> parts of near-equal size.</summary>
    private List<SequenceRange> Split(ulong from, ulong until)
    {
        var parts = (ulong)Math.Min((ulong)_options.ReadersPerBatch, until - from);
        var ranges = new List<SequenceRange>((int)parts);
        for (var part = 0UL; part < parts; part++)
        {
            ranges.Add(new SequenceRange(_options.Stream, from + ((until - from) * part / parts), from + ((until - from) * (part + 1) / parts), FromFirst: part == 0 && _fromFirst));
        }

        return ranges;
    }
}
