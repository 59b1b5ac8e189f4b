using System.Collections.Concurrent;

namespace Sluice.Execution;

/// <summary>
/// <c>local[N]</c>: N dedicated worker threads taking tasks from one queue in submission order. Dedicated threads,
/// not the thread pool, so that a burst of tasks cannot starve the driver's own work and N means N.
/// </summary>
internal sealed class LocalExecutorBackend : IExecutorBackend
{
    [ThreadStatic]
    private static LocalExecutorBackend? t_owner;

    private readonly BlockingCollection<Action> _queue = new(new ConcurrentQueue<Action>());
    private readonly Thread[] _workers;

    public LocalExecutorBackend(int threads)
    {
        _workers = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"sluice-executor-{i}" };
            _workers[i].Start();
        }
    }

    public int Slots => _workers.Length;

    public bool IsWorkerThread => t_owner == this;

    public void Submit(TaskDescription task, Action run)
    {
        try
        {
            _queue.Add(run);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException("SluiceContext", $"Cannot run task {task}: the context was stopped.");
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var worker in _workers)
        {
            if (worker != Thread.CurrentThread)
            {
                worker.Join();
            }
        }

        _queue.Dispose();
    }

    private void Work()
    {
        t_owner = this;
        foreach (var run in _queue.GetConsumingEnumerable())
        {
            // The task body catches and reports its own failures; nothing reaches here but a bug.
            run();
        }
    }
}
