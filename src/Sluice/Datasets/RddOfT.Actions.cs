namespace Sluice.Datasets;

public abstract partial class Rdd<T>
{
    /// <summary>All records, in partition order, as an array on the driver.</summary>
    public T[] Collect()
    {
        var parts = RunJob("collect", (_, records) => records.ToArray());
        return parts.Length == 1 ? parts[0] : [.. parts.SelectMany(part => part)];
    }

    /// <summary>The number of records.</summary>
    public long Count()
        => RunJob("count", (_, records) => records.TryGetNonEnumeratedCount(out var count) ? count : records.LongCount()).Sum();

    /// <summary>The first record in partition order.</summary>
    /// <exception cref="InvalidOperationException">The dataset is empty.</exception>
    public T First()
    {
        var taken = Take(1);
        return taken.Length > 0 ? taken[0] : throw new InvalidOperationException($"First() on an empty dataset ({Description}).");
    }

    /// <summary>
    /// The first <paramref name="count"/> records in partition order, reading as few partitions as it can: one
    /// first, then more at a time, as Spark's <c>take</c>.
    /// </summary>
    /// <param name="count">How many records; 0 returns none without running a job.</param>
    public T[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var taken = new List<T>(Math.Min(count, 1024));
        var scanned = 0;
        while (taken.Count < count && scanned < PartitionCount)
        {
            // Spark's growth rule: without results, four times as many partitions; with, an estimate plus 50 %.
            var tryCount = 1;
            if (scanned > 0)
            {
                tryCount = taken.Count == 0
                    ? scanned * 4
                    : Math.Clamp((int)Math.Ceiling(1.5 * count * scanned / taken.Count) - scanned, 1, scanned * 4);
            }

            var partitions = Enumerable.Range(scanned, Math.Min(tryCount, PartitionCount - scanned)).ToArray();
            var left = count - taken.Count;
            foreach (var part in RunJob("take", (_, records) => records.Take(left).ToArray(), partitions))
            {
                taken.AddRange(part.Take(count - taken.Count));
            }

            scanned += partitions.Length;
        }

        return [.. taken];
    }

    /// <summary>The <paramref name="count"/> largest records, largest first.</summary>
    /// <param name="count">How many records.</param>
    /// <param name="comparer">The order; <see cref="Comparer{T}.Default"/> when omitted.</param>
    public T[] Top(int count, IComparer<T>? comparer = null)
    {
        var order = comparer ?? Comparer<T>.Default;
        return TakeOrdered(count, Comparer<T>.Create((a, b) => order.Compare(b, a)));
    }

    /// <summary>The <paramref name="count"/> smallest records, smallest first. Each task keeps only its own best <paramref name="count"/>.</summary>
    /// <param name="count">How many records.</param>
    /// <param name="comparer">The order; <see cref="Comparer{T}.Default"/> when omitted.</param>
    public T[] TakeOrdered(int count, IComparer<T>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = comparer ?? Comparer<T>.Default;
        if (count == 0)
        {
            return [];
        }

        var parts = RunJob("takeOrdered", (_, records) => Smallest(records, count, order));
        return Smallest(parts.SelectMany(part => part), count, order);
    }

    /// <summary>Combines all records with an associative, commutative function.</summary>
    /// <param name="reduce">Combines two records into one.</param>
    /// <exception cref="InvalidOperationException">The dataset is empty.</exception>
    public T Reduce(Func<T, T, T> reduce)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        var parts = RunJob("reduce", (_, records) =>
        {
            using var e = records.GetEnumerator();
            if (!e.MoveNext())
            {
                return (false, default(T)!);
            }

            var acc = e.Current;
            while (e.MoveNext())
            {
                acc = reduce(acc, e.Current);
            }

            return (true, acc);
        });
        var present = parts.Where(part => part.Item1).Select(part => part.Item2).ToArray();
        return present.Length > 0 ? present.Aggregate(reduce) : throw new InvalidOperationException($"Reduce() on an empty dataset ({Description}).");
    }

    /// <summary>Folds each partition from <paramref name="zero"/>, then folds the partition results from <paramref name="zero"/> (Spark's semantics).</summary>
    /// <param name="zero">The neutral element of <paramref name="fold"/>; must not be mutated.</param>
    /// <param name="fold">Combines an accumulator and a record.</param>
    public T Fold(T zero, Func<T, T, T> fold)
    {
        ArgumentNullException.ThrowIfNull(fold);
        return RunJob("fold", (_, records) => records.Aggregate(zero, fold)).Aggregate(zero, fold);
    }

    /// <summary>Aggregates each partition with <paramref name="seqOp"/> from <paramref name="zero"/>, then merges partition results with <paramref name="combOp"/>.</summary>
    /// <typeparam name="TAccumulate">The accumulator type.</typeparam>
    /// <param name="zero">The neutral accumulator; must not be mutated (use an immutable value).</param>
    /// <param name="seqOp">Adds a record to an accumulator.</param>
    /// <param name="combOp">Merges two accumulators.</param>
    public TAccumulate Aggregate<TAccumulate>(TAccumulate zero, Func<TAccumulate, T, TAccumulate> seqOp, Func<TAccumulate, TAccumulate, TAccumulate> combOp)
    {
        ArgumentNullException.ThrowIfNull(seqOp);
        ArgumentNullException.ThrowIfNull(combOp);
        return RunJob("aggregate", (_, records) => records.Aggregate(zero, seqOp)).Aggregate(zero, combOp);
    }

    /// <summary>Runs <paramref name="action"/> on every record, inside tasks.</summary>
    /// <param name="action">Runs on worker threads, possibly more than once per record if a task is retried.</param>
    public void Foreach(Action<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        RunJob("foreach", (_, records) =>
        {
            foreach (var record in records)
            {
                action(record);
            }

            return 0;
        });
    }

    /// <summary>Runs <paramref name="action"/> once per partition, inside tasks: the place to open one connection per partition.</summary>
    /// <param name="action">Receives the records of one partition.</param>
    public void ForeachPartition(Action<IEnumerable<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        RunJob("foreachPartition", (_, records) =>
        {
            action(records);
            return 0;
        });
    }

    /// <summary>
    /// Writes the dataset as text, one file per partition (<c>part-00000</c>, …) plus an empty <c>_SUCCESS</c>, one
    /// record per line. Files are written under a temporary name and the directory appears complete or not at all.
    /// </summary>
    /// <param name="path">A directory that must not exist yet.</param>
    /// <exception cref="IOException">The directory exists already.</exception>
    public void SaveAsTextFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"Output directory '{target}' already exists. Choose a new path or delete it first; Sluice never overwrites output.");
        }

        TextOutput.WriteDirectory(this, target, "saveAsTextFile", TextOutput.WritePart);
    }

    private static T[] Smallest(IEnumerable<T> records, int count, IComparer<T> order)
    {
        // A max-heap of the best `count` so far: the root is the worst kept record, evicted by any better one.
        var heap = new PriorityQueue<T, T>(Comparer<T>.Create((a, b) => order.Compare(b, a)));
        foreach (var record in records)
        {
            if (heap.Count < count)
            {
                heap.Enqueue(record, record);
            }
            else if (order.Compare(record, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(record, record);
            }
        }

        var result = new T[heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = heap.Dequeue();
        }

        return result;
    }
}
