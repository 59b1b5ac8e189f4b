namespace Sluice.Datasets;

/// <summary>The tasks of a context's own threads, for the summary of the <c>driver</c> executor of a local master.</summary>
internal sealed class TaskCounts
{
    private int _active;
    private long _completed;
    private long _failed;

    public int Active => Volatile.Read(ref _active);

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public void Started() => Interlocked.Increment(ref _active);

    public void Ended(bool succeeded)
    {
        Interlocked.Decrement(ref _active);
        Interlocked.Increment(ref succeeded ? ref _completed : ref _failed);
    }
}
