using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Sluice.Kafka;

/// <summary>
/// The stream's consumer on the batch generator's thread: it joins the group (or takes the assigned partitions)
/// but stays paused, and serves only to learn the partitions and their offsets and to commit. Used by one thread only.
/// </summary>
internal sealed class KafkaDriverConsumer<TKey, TValue>(
    ConsumerStrategy<TKey, TValue> strategy, KafkaStreamOptions options, ILogger logger, TimeProvider clock, Action<string> reportError, CancellationToken stopping) : IDisposable
{
    private static readonly TimeSpan s_pollStep = TimeSpan.FromMilliseconds(50);
    private readonly Logging.LogThrottle _clientErrors = new(clock, TimeSpan.FromSeconds(10));
    private IConsumer<byte[], byte[]>? _consumer;

    // Between a revocation and the next assignment of a group rebalance (and before the first assignment), the
    // partitions are nobody's yet: not an error, just no batch to read.
    private bool _rebalancing = true;

    /// <summary>
    /// Each partition this stream owns now, with its latest (high watermark) and earliest (low watermark) offsets;
    /// null while the group is rebalancing (or has not assigned anything yet) after waiting the request timeout.
    /// </summary>
    /// <exception cref="KafkaReadException">A partition in <paramref name="tracked"/> was taken by another member of the group, or the brokers did not answer.</exception>
    public (Dictionary<TopicPartition, long> Latest, Dictionary<TopicPartition, long> Earliest)? Offsets(IEnumerable<TopicPartition> tracked)
    {
        var consumer = Consumer();
        var assigned = Assignment(consumer);
        if (assigned is null)
        {
            return null;
        }

        if (strategy.IsGroupSubscription && tracked.Where(partition => !assigned.Contains(partition)).ToList() is { Count: > 0 } revoked)
        {
            throw new KafkaReadException(
                $"Kafka took {string.Join(", ", revoked)} away from this stream: another consumer joined group '{strategy.Config.GroupId}' and the partitions were rebalanced. Each application (and each stream) needs its own group id; stop the other one or change GroupId, then restart (with the checkpoint, nothing is lost).");
        }

        var latest = new Dictionary<TopicPartition, long>();
        var earliest = new Dictionary<TopicPartition, long>();
        foreach (var partition in assigned)
        {
            var marks = WithRetries($"read the offsets of {partition}", () => consumer.QueryWatermarkOffsets(partition, options.RequestTimeout));
            latest[partition] = marks.High.Value;
            earliest[partition] = marks.Low.Value;
        }

        return (latest, earliest);
    }

    /// <summary>
    /// Where new partitions start: the strategy's offsets, else the group's committed offsets, else per
    /// <c>AutoOffsetReset</c> (latest unless set, as Kafka's default).
    /// </summary>
    public IEnumerable<(TopicPartition Partition, long Offset)> StartingOffsets(
        IEnumerable<TopicPartition> partitions, IReadOnlyDictionary<TopicPartition, long> earliest, IReadOnlyDictionary<TopicPartition, long> latest)
    {
        var fresh = partitions.ToList();
        if (fresh.Count == 0)
        {
            return [];
        }

        var committed = WithRetries("read the group's committed offsets", () => Consumer().Committed(fresh, options.RequestTimeout))
            .Where(offset => offset.Offset.Value >= 0)
            .ToDictionary(offset => offset.TopicPartition, offset => offset.Offset.Value);
        return fresh.Select(partition => (partition, strategy.Offsets.TryGetValue(partition, out var given)
            ? given
            : committed.TryGetValue(partition, out var kept)
                ? kept
                : strategy.Config.AutoOffsetReset switch
                {
                    AutoOffsetReset.Earliest => earliest[partition],
                    AutoOffsetReset.Error => throw new KafkaReadException($"{partition} has no committed offset for group '{strategy.Config.GroupId}' and AutoOffsetReset is Error. Give a starting offset in the consumer strategy, or set AutoOffsetReset to Earliest or Latest."),
                    _ => latest[partition],
                })).ToList();
    }

    /// <summary>Commits what outputs asked for, the highest offset per partition, and calls each request's callback.</summary>
    public void Commit(IReadOnlyList<CommitRequest> taken)
    {
        if (taken.Count == 0 || _consumer is null && !TryCreate())
        {
            return;
        }

        var offsets = taken.SelectMany(request => request.Offsets)
            .GroupBy(offset => offset.TopicPartition)
            .Select(group => group.MaxBy(offset => offset.Offset.Value)!)
            .ToList();
        Exception? failure = null;
        try
        {
            _consumer!.Commit(offsets);
        }
        catch (KafkaException error)
        {
            failure = error;
            KafkaLog.CommitFailed(logger, error, strategy.Config.GroupId, string.Join(", ", offsets));
        }

        foreach (var request in taken)
        {
            request.Callback?.Invoke(offsets, failure);
        }
    }

    /// <summary>How long a stop waits for the consumer to leave its group.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    public void Dispose()
    {
        if (_consumer is not { } consumer)
        {
            return;
        }

        _consumer = null;

        // Leaving the group at once lets a restarted application get the partitions back quickly. librdkafka's close
        // has no timeout of its own and can wait on a rebalance for long: a stop must not, so it waits a bounded time.
        var closing = Task.Run(consumer.Close);
        try
        {
            if (!closing.Wait(CloseTimeout))
            {
                KafkaLog.CloseTimedOut(logger, strategy.Config.GroupId, CloseTimeout.TotalSeconds);
                _ = closing.ContinueWith(_ => consumer.Dispose(), TaskScheduler.Default); // disposed once the close returns, never during it
                return;
            }
        }
        catch (AggregateException error) when (error.InnerException is KafkaException failure)
        {
            KafkaLog.CloseFailed(logger, failure, strategy.Config.GroupId);
        }

        consumer.Dispose();
    }

    private bool TryCreate()
    {
        try
        {
            Consumer();
            return true;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    private IConsumer<byte[], byte[]> Consumer()
    {
        if (_consumer is null)
        {
            var config = new ConsumerConfig(new Dictionary<string, string>(strategy.Config))
            {
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                EnablePartitionEof = false,
            };
            // The handlers run inside Consume, on this thread; the partitions are assigned and revoked as Kafka says.
            _consumer = new ConsumerBuilder<byte[], byte[]>(config)
                .SetLogHandler((_, message) => KafkaLog.Client(logger, message.Facility, message.Message))
                .SetErrorHandler((_, error) => OnClientError(error))
                .SetPartitionsAssignedHandler((_, _) => _rebalancing = false)
                .SetPartitionsRevokedHandler((_, _) => _rebalancing = true)
                .SetPartitionsLostHandler((_, _) => _rebalancing = true)
                .Build();
            strategy.Attach(_consumer);
        }

        return _consumer;
    }

    /// <summary>
    /// The partitions assigned now. A group subscription is polled (paused, so nothing is fetched) until the group
    /// has assigned some, or the request timeout passes; then null if the group is still rebalancing.
    /// </summary>
    private HashSet<TopicPartition>? Assignment(IConsumer<byte[], byte[]> consumer)
    {
        var watch = Stopwatch.StartNew();
        var wait = TimeSpan.Zero; // the first poll only serves events already there; a batch waits only while nothing is assigned
        do
        {
            if (strategy.IsGroupSubscription)
            {
                try
                {
                    consumer.Consume(wait); // serves the group's rebalance events
                }
                catch (ConsumeException error)
                {
                    KafkaLog.PollFailed(logger, error, strategy.Describe());
                }
            }

            var assigned = consumer.Assignment;
            if (assigned.Count > 0 && !(strategy.IsGroupSubscription && _rebalancing))
            {
                consumer.Pause(assigned);
                return [.. assigned];
            }

            wait = s_pollStep;
        }
        while (strategy.IsGroupSubscription && watch.Elapsed < options.RequestTimeout && !stopping.IsCancellationRequested); // a stopping context waits for no rebalance

        if (!stopping.IsCancellationRequested)
        {
            KafkaLog.NoPartitions(logger, strategy.Describe(), options.RequestTimeout.TotalSeconds);
        }

        return strategy.IsGroupSubscription && _rebalancing ? null : [];
    }

    /// <summary>What librdkafka reports on its own (brokers that refuse connections, all brokers down): said at once, then at most every 10 s.</summary>
    private void OnClientError(Error error)
    {
        var message = $"Kafka at {strategy.Config.BootstrapServers}: {error.Reason}. Check that the brokers are up and reachable from here, and the security settings (--kafka-config).";
        if (_clientErrors.ShouldLog(error.Code.ToString(), out var repeats))
        {
            KafkaLog.ClientError(logger, message + repeats);
        }

        reportError(message);
    }

    private T WithRetries<T>(string what, Func<T> request)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return request();
            }
            catch (KafkaException error) when (attempt < options.RequestRetries)
            {
                KafkaLog.RequestRetried(logger, error, what, attempt + 1, options.RequestRetries);
                Thread.Sleep(options.RetryBackoff);
            }
            catch (KafkaException error)
            {
                throw new KafkaReadException(
                    $"Could not {what} after {options.RequestRetries + 1} attempts: {error.Error.Reason}. Check that the brokers in {strategy.Config.BootstrapServers} are up and reachable; the batch fails and its batch failure policy applies.",
                    error);
            }
        }
    }
}
