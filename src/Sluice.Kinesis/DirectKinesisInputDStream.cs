using Sluice.Sources;

namespace Sluice.Kinesis;

/// <summary>
/// A direct stream over a Kinesis data stream: no receiver and no Kinesis Client Library. Each batch, the driver lists
/// the shards, reads from each open shard (and each closed one not yet read to its end) the records it may take, and
/// plans the batch as one range per shard, from the first record's sequence number to the last's. Kinesis gives no
/// shard's end without reading, so the driver reads to plan; a task in the driver's process takes the records read,
/// and tasks elsewhere, retries and replays read the shard again. A child shard (from a split or a merge) is read
/// only once its parents are read to their ends, so each partition key's records stay in order. The ranges are the
/// batch's positions in the checkpoint: a batch run again after a crash reads the same records.
/// </summary>
internal sealed class DirectKinesisInputDStream<T> : DirectInputDStream<T, ShardRange>
{
    private readonly KinesisStreamOptions _options;
    private readonly KinesisEndpoint _endpoint;
    private readonly KinesisRangeReader<T> _reader;
    private readonly string _readerId = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, ShardTail> _tails = [];
    private readonly Dictionary<string, string?> _restored = []; // shard → the last sequence number a recovered batch reached
    private readonly HashSet<string> _finished = [];
    private KinesisApi? _api;
    private bool _listedOnce;
    private string? _lastFailure;

    public DirectKinesisInputDStream(StreamingContext context, KinesisStreamOptions options, KinesisEndpoint endpoint, Func<KinesisRecord, T> convert)
        : base(context, "kinesisDirectStream")
    {
        _options = options;
        _endpoint = endpoint;
        _reader = new KinesisRangeReader<T>(_readerId, endpoint, options.MaxRecordsPerRequest, convert);
    }

    protected override IPositionReader<T, ShardRange> PositionReader => _reader;

    protected override IEnumerable<T> Read(ShardRange position, int attempt, CancellationToken cancellationToken)
        => _reader.Read(position, attempt, cancellationToken);

    protected override string PlacementOf(ShardRange position) => position.ShardId;

    protected override long? RecordsIn(ShardRange position) => position.First is null ? 0 : null;

    protected override void Restore(IReadOnlyList<(DateTimeOffset BatchTime, IReadOnlyList<ShardRange> Positions)> batches)
    {
        foreach (var range in batches.SelectMany(batch => batch.Positions))
        {
            if (range.Reached is { } reached && (!_restored.TryGetValue(range.ShardId, out var known) || known is null || SequenceNumbers.Compare(reached, known) > 0))
            {
                _restored[range.ShardId] = reached;
            }
            else
            {
                _restored.TryAdd(range.ShardId, null);
            }
        }
    }

    protected override IReadOnlyList<ShardRange> Plan(DateTimeOffset batchTime)
    {
        try
        {
            return PlanAsync().GetAwaiter().GetResult();
        }
        catch (Exception error) when (IsKinesisFailure(error))
        {
            ReportFailure(error);
            foreach (var tail in _tails.Values)
            {
                tail.Iterator = null; // may be the cause, and expires in 5 minutes anyway
            }

            return [.. _tails.Values.Select(tail => new ShardRange(_options.StreamName, tail.ShardId, null, null, tail.After))];
        }
    }

    protected override void OnStop()
    {
        _api?.Dispose();
        PlannedRecords.Forget(_readerId);
    }

    private async Task<List<ShardRange>> PlanAsync()
    {
        _api ??= _endpoint.Client();
        var shards = await _api.ListShardsAsync(_options.StreamName, Context.StoppingToken).ConfigureAwait(false);
        Follow(shards);
        var reading = _tails.Values.Where(tail => !tail.Finished).ToList();
        var allowed = RecordsAllowed(_options.MaxRatePerSecond, _options.MaxRecordsFirstBatch);
        var perShard = (int)Math.Clamp((allowed ?? long.MaxValue) / Math.Max(1, reading.Count), 1, _options.MaxRecordsPerRequest);
        var planned = await Task.WhenAll(reading.Select(tail => PlanShardOrNothingAsync(tail, perShard))).ConfigureAwait(false); // the shards' reads at once
        if (planned.Select(shard => shard.Failure).OfType<Exception>().FirstOrDefault() is { } failure)
        {
            ReportFailure(failure); // the other shards' ranges stand: they were read
        }
        else
        {
            _lastFailure = null;
        }

        var ranges = planned.Select(shard => shard.Range).ToList();
        foreach (var tail in reading.Where(tail => tail.Finished))
        {
            _finished.Add(tail.ShardId); // a closed shard, read to its end: its children come next
            _tails.Remove(tail.ShardId);
        }

        return [.. ranges];
    }

    /// <summary>
    /// Starts a tail for each shard that is not followed yet and whose parents are read to their ends (or are gone:
    /// retention removed them). Shards there at the first listing start per <see cref="KinesisStreamOptions.StartFrom"/>;
    /// shards that appear later (children of a split or merge) start at their oldest record.
    /// </summary>
    private void Follow(List<KinesisShard> shards)
    {
        var known = shards.Select(shard => shard.ShardId).ToHashSet();
        foreach (var shard in shards.Where(shard => !_tails.ContainsKey(shard.ShardId) && !_finished.Contains(shard.ShardId)))
        {
            if (shard.Parents.Any(parent => known.Contains(parent) && !_finished.Contains(parent)))
            {
                continue;
            }

            var restored = _restored.TryGetValue(shard.ShardId, out var after);
            var atLatest = !restored && !_listedOnce && _options.StartFrom == KinesisStreamStart.Latest;
            _tails[shard.ShardId] = new ShardTail(shard.ShardId, after, atLatest);
        }

        _listedOnce = true;
    }

    /// <summary>The shard's range, or, when reading it failed, an empty range where it is (its iterator dropped) and why.</summary>
    private async Task<(ShardRange Range, Exception? Failure)> PlanShardOrNothingAsync(ShardTail tail, int limit)
    {
        try
        {
            return (await PlanShardAsync(tail, limit).ConfigureAwait(false), null);
        }
        catch (Exception error) when (IsKinesisFailure(error))
        {
            tail.Iterator = null;
            return (new ShardRange(_options.StreamName, tail.ShardId, null, null, tail.After), error);
        }
    }

    /// <summary>Reads up to <paramref name="limit"/> records of the shard after where it is, and makes them its range (touching only its tail: shards are read at once; where it is moves only once the read succeeded).</summary>
    private async Task<ShardRange> PlanShardAsync(ShardTail tail, int limit)
    {
        var stoppingToken = Context.StoppingToken;
        List<KinesisRecord> records;
        string? next;
        try
        {
            tail.Iterator ??= await NewIteratorAsync(tail).ConfigureAwait(false);
            (records, next) = await _api!.GetRecordsAsync(_options.StreamName, tail.ShardId, tail.Iterator, limit, stoppingToken).ConfigureAwait(false);
        }
        catch (KinesisApiException expired) when (expired.ErrorType == "ExpiredIteratorException")
        {
            tail.Iterator = await NewIteratorAsync(tail).ConfigureAwait(false);
            (records, next) = await _api!.GetRecordsAsync(_options.StreamName, tail.ShardId, tail.Iterator, limit, stoppingToken).ConfigureAwait(false);
        }

        tail.Iterator = next;
        tail.Finished = next is null;

        if (records.Count == 0)
        {
            return new ShardRange(_options.StreamName, tail.ShardId, null, null, tail.After);
        }

        var range = new ShardRange(_options.StreamName, tail.ShardId, records[0].SequenceNumber, records[^1].SequenceNumber);
        PlannedRecords.Keep(_readerId, range, records);
        tail.After = range.Last;
        return range;
    }

    private Task<string> NewIteratorAsync(ShardTail tail)
    {
        var (type, sequenceNumber) = tail.IteratorStart;
        return _api!.GetShardIteratorAsync(_options.StreamName, tail.ShardId, type, sequenceNumber, Context.StoppingToken);
    }

    private bool IsKinesisFailure(Exception error)
        => error is KinesisApiException or HttpRequestException or TaskCanceledException or Amazon.Runtime.AmazonClientException && !Context.StoppingToken.IsCancellationRequested;

    /// <summary>Reports why Kinesis could not be read, once until the cause changes or reading works again.</summary>
    private void ReportFailure(Exception error)
    {
        if (Describe(error) is var failure && failure != _lastFailure)
        {
            _lastFailure = failure;
            ReportInputError($"{failure} Nothing is read from what failed until Kinesis answers; each shard then reads on from where it was.", error);
        }
    }

    private string Describe(Exception error) => error switch
    {
        KinesisApiException => error.Message,
        Amazon.Runtime.AmazonClientException => $"Kinesis stream '{_options.StreamName}': no AWS credentials were found (the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or an instance role). Set them, or give AccessKeyId and SecretAccessKey.",
        TaskCanceledException => $"Kinesis at {_endpoint.Address}, stream '{_options.StreamName}': no answer within {_endpoint.RequestTimeout.TotalSeconds:0.#} s. Check ServiceUrl and Region, and the network.",
        _ => $"Kinesis at {_endpoint.Address}, stream '{_options.StreamName}': {error.Message}{(error.InnerException is { } inner ? $" ({inner.Message})" : "")}. Check ServiceUrl and Region, and the network.",
    };
}
