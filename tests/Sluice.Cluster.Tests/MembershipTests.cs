using System.Collections.Concurrent;
using System.Reflection;
using Sluice.Cluster.Membership;
using Sluice.TestSupport;

namespace Sluice.Cluster.Tests;

/// <summary>
/// Executors as processes on loopback (<c>sluice executor</c>) joining a driver in this process: they register their
/// slots and block addresses; one killed with SIGKILL is reported lost while the other stays; one without the
/// secret, or of another build, is refused with the reason in both logs. Each waits on the driver's events.
/// </summary>
[Trait("Category", "Process")]
public sealed class MembershipTests
{
    private const string Secret = "membership-test-secret";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The command line's assembly: the build its executor processes run.</summary>
    private static readonly Assembly CommandLine = Assembly.Load("Sluice.Cli");

    private sealed class Events
    {
        public Events(ClusterDriver driver)
        {
            driver.ExecutorRegistered += executor => Add(Registered, executor);
            driver.ExecutorLost += (executor, reason) => Add(Lost, (executor, reason));
            driver.ExecutorRefused += reason => Add(Refused, reason);
        }

        public SemaphoreSlim Signal { get; } = new(0);

        public ConcurrentQueue<ExecutorInfo> Registered { get; } = new();

        public ConcurrentQueue<(ExecutorInfo Executor, string Reason)> Lost { get; } = new();

        public ConcurrentQueue<string> Refused { get; } = new();

        /// <summary>Waits until <paramref name="done"/> holds, woken by each event; fails naming <paramref name="what"/> after a minute.</summary>
        public async Task UntilAsync(Func<bool> done, string what)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (!done())
            {
                Assert.True(DateTime.UtcNow < deadline, $"No {what} within {Wait.TotalSeconds:0} s.");
                await Signal.WaitAsync(TimeSpan.FromSeconds(1));
            }
        }

        private void Add<T>(ConcurrentQueue<T> queue, T item)
        {
            queue.Enqueue(item);
            Signal.Release();
        }
    }

    private static ChildProcess Executor(string driver, string secret = Secret, int slots = 2)
        => ChildProcess.Sluice(new Dictionary<string, string> { ["SLUICE_CLUSTER_SECRET"] = secret }, "executor", "--driver", driver, "--slots", slots.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task ExecutorProcesses_Register_AndOneKilled_IsLostWhileTheOtherStays()
    {
        await using var driver = await ClusterDriver.StartAsync(new ClusterDriverOptions { Secret = Secret, Application = CommandLine });
        var events = new Events(driver);
        using var first = Executor(driver.Address, slots: 2);
        using var second = Executor(driver.Address, slots: 3);

        await events.UntilAsync(() => events.Registered.Count == 2, "registration of both executors");
        Assert.Equal([2, 3], driver.Executors.Select(executor => executor.Slots).Order());
        Assert.All(driver.Executors, executor => Assert.Equal("127.0.0.1", executor.BlockAddress.Host));
        await first.WaitForLineAsync(line => line.StartsWith("Executor registered with the driver at ", StringComparison.Ordinal), "the executor's word that it registered");

        first.Kill();
        await events.UntilAsync(() => !events.Lost.IsEmpty, "loss of the killed executor");

        var (lost, reason) = Assert.Single(events.Lost);
        Assert.Equal($"{Environment.MachineName}-{first.Id}", lost.Id);
        Assert.Contains("unreachable", reason, StringComparison.Ordinal);
        Assert.Equal($"{Environment.MachineName}-{second.Id}", Assert.Single(driver.Executors).Id);
    }

    [Fact]
    public async Task AnExecutorWithoutTheSecret_IsRefused_InBothLogs()
    {
        await using var driver = await ClusterDriver.StartAsync(new ClusterDriverOptions { Secret = Secret, Application = CommandLine });
        var events = new Events(driver);
        using var executor = Executor(driver.Address, secret: "a guess");

        Assert.NotEqual(0, await executor.WaitForExitAsync(Wait));

        Assert.Contains(executor.Error, line => line.Contains("refused this executor", StringComparison.Ordinal) && line.Contains("does not know this application's cluster secret", StringComparison.Ordinal));
        await events.UntilAsync(() => !events.Refused.IsEmpty, "refusal on the driver");
        Assert.Contains("does not know this application's cluster secret", Assert.Single(events.Refused), StringComparison.Ordinal);
        Assert.Empty(driver.Executors);
    }

    [Fact]
    public async Task AnExecutorOfAnotherBuild_IsRefused_NamingBothBuilds()
    {
        await using var driver = await ClusterDriver.StartAsync(new ClusterDriverOptions { Secret = Secret, Application = typeof(MembershipTests).Assembly });
        var events = new Events(driver);
        using var executor = Executor(driver.Address);

        Assert.NotEqual(0, await executor.WaitForExitAsync(Wait));

        Assert.Contains(executor.Error, line => line.Contains("runs another build (Sluice.Cli ", StringComparison.Ordinal) && line.Contains("than the driver (Sluice.Cluster.Tests ", StringComparison.Ordinal));
        await events.UntilAsync(() => !events.Refused.IsEmpty, "refusal on the driver");
        Assert.Empty(driver.Executors);
    }

    [Fact]
    public async Task AnExecutorWithNoDriverToJoin_GivesUp_SayingWhatToCheck()
    {
        var nobody = $"127.0.0.1:{Loopback.FreePort()}"; // nothing listens there

        using var executor = ChildProcess.Sluice(new Dictionary<string, string> { ["SLUICE_CLUSTER_SECRET"] = Secret }, "executor", "--driver", nobody, "--join-timeout", "2s");

        Assert.Equal(1, await executor.WaitForExitAsync(Wait));
        Assert.Contains($"Joining the driver at {nobody} (giving up after 2s)...", executor.Output);
        Assert.Contains(executor.Error, line => line.Contains($"No driver answered at {nobody} within 2 s: check that the application's driver runs there", StringComparison.Ordinal));
    }
}
