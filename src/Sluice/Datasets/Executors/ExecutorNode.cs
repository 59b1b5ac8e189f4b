using System.Runtime.CompilerServices;
using Sluice.Execution;
using Sluice.Execution.Tasks;
using Sluice.Storage;

namespace Sluice.Datasets.Executors;

/// <summary>
/// One executor of a <c>local-executors</c> master: a context of its own (its shuffle outputs, its block store, its
/// resident objects), which tasks reach only as bytes: a stage's binary is read once per executor, with this
/// executor's residents, and its map outputs stay here until a reduce task elsewhere fetches them.
/// </summary>
internal sealed class ExecutorNode : IDisposable
{
    [ThreadStatic]
    private static ExecutorNode? t_current;

    private readonly ConditionalWeakTable<byte[], Lazy<object>> _stages = [];
    private int _assigned;
    private volatile bool _lost; // set by the thread that loses it, read by every task

    public ExecutorNode(string id, int slots, ExecutorCluster cluster, SluiceOptions driverOptions, IBlockStore driverBlocks)
    {
        Id = id;
        Context = new SluiceContext(
            new SluiceOptions { Master = $"local-serialized[{slots}]", AppName = driverOptions.AppName, LoggerFactory = driverOptions.LoggerFactory, MaxTaskFailures = driverOptions.MaxTaskFailures },
            new ExecutorParts(local => new ExecutorShuffleService(local, cluster, id), local => new ExecutorBlockStore(local, driverBlocks), Missing));
    }

    /// <summary>
    /// What an executor in this process says of a resident it lacks: it has a context of its own and nothing of the
    /// driver's streaming graph, which an executor process would build by running the application.
    /// </summary>
    private static string Missing(string name)
        => $"The task names '{name}', which executors of a local-executors master do not have: they hold a context of their own, not the driver's streams and state store. Streams read on executors (file and direct streams) and what keeps state in the state store (UpdateStateByKey, MapWithState) do not run on them yet; use local[N] or local-serialized[N] for those.";

    /// <summary>The executor running the task on this thread; null on the driver's own threads.</summary>
    public static ExecutorNode? Current => t_current;

    public string Id { get; }

    public SluiceContext Context { get; }

    /// <summary>False once the executor is lost: it takes no task, and its map outputs and blocks are gone.</summary>
    public bool IsAlive => !_lost;

    /// <summary>Tasks given to this executor and not finished: how the driver spreads tasks.</summary>
    public int Assigned => Volatile.Read(ref _assigned);

    /// <summary>The stage's task, read from its binary once on this executor, with this executor's residents.</summary>
    public object Read(byte[] stageBinary)
        => _stages.GetValue(stageBinary, binary => new Lazy<object>(() => TaskReader.Read(binary, Context.Residents))).Value;

    /// <summary>Runs <paramref name="run"/> as a task of this executor, on the calling thread.</summary>
    public void Run(Action run)
    {
        t_current = this;
        try
        {
            run();
        }
        finally
        {
            t_current = null;
            Release();
        }
    }

    /// <summary>Counts a task given to this executor.</summary>
    public void Assign() => Interlocked.Increment(ref _assigned);

    /// <summary>Counts a task given to this executor as finished (or never started).</summary>
    public void Release() => Interlocked.Decrement(ref _assigned);

    /// <summary>Loses the executor, as a killed process would be: what it held is gone.</summary>
    public void Lose()
    {
        _lost = true;
        Context.Shuffles.Clear();
        Context.Blocks.Clear();
    }

    public void Dispose() => Context.Dispose();
}
