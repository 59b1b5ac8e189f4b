using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Sluice.Sources;

namespace Sluice.Kafka;

/// <summary>
/// Spark's Kafka 0-10 direct stream: no receiver. Each batch, on the batch generator's thread, the driver's consumer
/// (which holds the group's assignment, paused so it fetches nothing) finds each partition's latest offset, and the
/// batch reads exactly <c>[current, latest)</c> per partition, limited by rate, in one task per partition. The
/// ranges are the batch's positions in the checkpoint, so a recovered batch reads the same records again. Built on
/// the engine's public <see cref="DirectInputDStream{T, TPosition}"/>, as any replayable source can be.
/// </summary>
internal sealed class DirectKafkaInputDStream<TKey, TValue> : DirectInputDStream<ConsumeResult<TKey, TValue>, OffsetRange>, ICanCommitOffsets
{
    private readonly ConsumerStrategy<TKey, TValue> _strategy;
    private readonly KafkaStreamOptions _options;
    private readonly KafkaPartitionReader<TKey, TValue> _reader;
    private readonly string _readerId = Guid.NewGuid().ToString("N"); // this stream's consumers, in every process that reads for it
    private readonly KafkaDriverConsumer<TKey, TValue> _driver;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<CommitRequest> _commits = new();
    private readonly List<CommitRequest> _heldCommits = []; // the driver's: asked for, not yet safe to send
    private long _plannedTicks = DateTimeOffset.MinValue.UtcTicks; // the newest batch planned
    private long _checkpointedTicks = DateTimeOffset.MinValue.UtcTicks; // the newest batch a durable checkpoint records
    private readonly Dictionary<TopicPartition, long> _current = [];
    private bool _firstBatch = true;

    public DirectKafkaInputDStream(StreamingContext context, ConsumerStrategy<TKey, TValue> strategy, KafkaStreamOptions options)
        : base(context, "kafkaDirectStream")
    {
        _strategy = strategy;
        _options = options;
        _logger = context.SluiceContext.LoggerFactory.CreateLogger<DirectKafkaInputDStream<TKey, TValue>>();
        _reader = new KafkaPartitionReader<TKey, TValue>(_readerId, [.. ExecutorConfig(strategy.Config)], strategy.KeyDeserializer, strategy.ValueDeserializer, options.PollTimeout);
        _driver = new KafkaDriverConsumer<TKey, TValue>(strategy, options, _logger, context.Options.TimeProvider, message => ReportInputError(message), context.StoppingToken);
    }

    protected override void Restore(IReadOnlyList<(DateTimeOffset BatchTime, IReadOnlyList<OffsetRange> Positions)> batches)
    {
        foreach (var (_, ranges) in batches)
        {
            foreach (var range in ranges)
            {
                _current[range.TopicPartition] = range.UntilOffset; // checkpointed offsets win over the strategy's
            }
        }
    }

    public void CommitAsync(IReadOnlyList<OffsetRange> ranges, Action<IReadOnlyList<TopicPartitionOffset>, Exception?>? callback = null)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        _commits.Enqueue(new([.. ranges.Select(range => new TopicPartitionOffset(range.TopicPartition, range.UntilOffset))], callback, new DateTimeOffset(Volatile.Read(ref _plannedTicks), TimeSpan.Zero)));
    }

    protected override void OnCheckpointed(DateTimeOffset batchTime) => Volatile.Write(ref _checkpointedTicks, batchTime.UtcTicks);

    protected override void OnStop()
    {
        CommitWhatIsSafe(); // what outputs asked for before the stop (a graceful stop's final checkpoint is written by now)
        _driver.Dispose();
        KafkaPartitionReader<TKey, TValue>.Close(_readerId);
    }

    /// <summary>
    /// Sends the commits outputs asked for; with a checkpoint, only those whose batch a durable checkpoint records.
    /// A commit sent sooner could be all a restart has: killed before that checkpoint, the application would
    /// recover from an older one without this partition's position, start from the committed offset, and lose the
    /// batch from its state and windows.
    /// </summary>
    private void CommitWhatIsSafe()
    {
        while (_commits.TryDequeue(out var request))
        {
            _heldCommits.Add(request);
        }

        var checkpointed = Context.CheckpointDirectory is null ? DateTimeOffset.MaxValue.UtcTicks : Volatile.Read(ref _checkpointedTicks);
        var safe = _heldCommits.Where(request => request.Batch.UtcTicks <= checkpointed).ToList();
        _heldCommits.RemoveAll(request => request.Batch.UtcTicks <= checkpointed);
        _driver.Commit(safe);
    }

    protected override IReadOnlyList<OffsetRange> Plan(DateTimeOffset batchTime)
    {
        Volatile.Write(ref _plannedTicks, batchTime.UtcTicks);
        CommitWhatIsSafe();

        // No offsets while the group is rebalancing: no partition is this stream's for now, so the batch is empty,
        // and the next one reads from where this stream is once Kafka has assigned the partitions again.
        return _driver.Offsets(_current.Keys) is { } offsets ? Plan(offsets.Latest, offsets.Earliest) : [];
    }

    protected override long? RecordsIn(OffsetRange position) => position.Count;

    protected override IEnumerable<ConsumeResult<TKey, TValue>> Read(OffsetRange position, int attempt, CancellationToken cancellationToken)
        => _reader.Read(position, attempt, cancellationToken);

    /// <summary>Carried with the batch's tasks, so the partitions are read on executor processes too.</summary>
    protected override IPositionReader<ConsumeResult<TKey, TValue>, OffsetRange> PositionReader => _reader;

    /// <summary>Each topic-partition on one executor batch after batch: its consumer stays warm (Spark's PreferConsistent).</summary>
    protected override string PlacementOf(OffsetRange position) => $"{position.Topic}[{position.Partition}]";

    /// <summary>This batch's ranges, from each partition's current offset towards its latest, within the rate limits; advances the current offsets.</summary>
    private List<OffsetRange> Plan(Dictionary<TopicPartition, long> latest, Dictionary<TopicPartition, long> earliest)
    {
        foreach (var (partition, offset) in _driver.StartingOffsets(latest.Keys.Where(partition => !_current.ContainsKey(partition)), earliest, latest))
        {
            _current[partition] = offset;
        }

        foreach (var partition in _current.Keys.Where(partition => !latest.ContainsKey(partition)).ToList())
        {
            _current.Remove(partition); // no longer ours: the driver reported it, or the topic is gone
        }

        CheckRanges(latest, earliest);
        var ranges = OffsetRangePlanner.Plan(_current, latest, MaxPerPartition(), MaxTotal());
        _firstBatch = false;
        foreach (var range in ranges)
        {
            _current[range.TopicPartition] = range.UntilOffset;
        }

        return ranges;
    }

    /// <summary>Offsets deleted by retention, per the policy; an end below the current offset is an error.</summary>
    private void CheckRanges(IReadOnlyDictionary<TopicPartition, long> latest, IReadOnlyDictionary<TopicPartition, long> earliest)
    {
        foreach (var partition in _current.Keys.ToList())
        {
            var current = _current[partition];
            if (latest[partition] < current)
            {
                throw new KafkaReadException(
                    $"{partition} ends at offset {latest[partition]}, before offset {current} where this stream is: the range would be inverted. The topic was deleted and created again, or a starting offset was beyond its end. Start without the checkpoint, or give starting offsets within the partition.");
            }

            if (current >= earliest[partition])
            {
                continue;
            }

            var lost = new OffsetRange(partition.Topic, partition.Partition.Value, current, earliest[partition]);
            switch (_options.OnOffsetOutOfRange)
            {
                case OffsetOutOfRangePolicy.ResetToEarliest:
                    KafkaLog.OffsetsLost(_logger, lost.ToString(), "earliest", earliest[partition]);
                    _current[partition] = earliest[partition];
                    break;
                case OffsetOutOfRangePolicy.ResetToLatest:
                    KafkaLog.OffsetsLost(_logger, new OffsetRange(partition.Topic, partition.Partition.Value, current, latest[partition]).ToString(), "latest", latest[partition]);
                    _current[partition] = latest[partition];
                    break;
                default:
                    throw new KafkaReadException(
                        $"Offsets {lost} are no longer in Kafka (retention deleted them before this stream read them). Keep records longer than the application may lag, or set KafkaStreamOptions.OnOffsetOutOfRange to ResetToEarliest or ResetToLatest to go on without them.");
            }
        }
    }

    private long? MaxPerPartition()
        => _options.MaxRatePerPartition is { } rate ? RecordsPerBatch(rate) : null;

    /// <summary>
    /// The first batch's bound; then, with back-pressure, its rate times the interval, or the initial rate's until
    /// the estimator has a rate (it needs two completed batches), as Spark.
    /// </summary>
    private long? MaxTotal()
    {
        if (_firstBatch)
        {
            return _options.MaxRecordsFirstBatch ?? RecordsPerBatch(Context.Options.BackpressureInitialRate);
        }

        if (!Context.Options.BackpressureEnabled)
        {
            return null;
        }

        return RecordsPerBatch(EstimatedRate ?? Context.Options.BackpressureInitialRate);
    }

    /// <summary>What a rate in records per second allows in one batch interval, at least one record.</summary>
    private long RecordsPerBatch(double rate) => Math.Max(1, (long)(rate * Context.BatchInterval.TotalSeconds));

    /// <summary>Executors read assigned ranges with no group membership, commit nothing, and fail (never skip) when a range is gone.</summary>
    private static ConsumerConfig ExecutorConfig(ConsumerConfig config)
        => new(new Dictionary<string, string>(config))
        {
            GroupId = "sluice-executor-" + config.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Error,
            EnablePartitionEof = false,
        };
}
