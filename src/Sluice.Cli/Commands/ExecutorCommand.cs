using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sluice.Cluster.Membership;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice executor --driver HOST:PORT [--slots N] [--bind ADDRESS] [--join-timeout 30s]</c>: an executor process of the command line's
/// own jobs (a driver started with <c>--master cluster://HOST:PORT</c>), joining the driver's cluster with the secret
/// from <c>SLUICE_CLUSTER_SECRET</c>, running its tasks and serving its blocks, until the driver ends it or Ctrl+C.
/// </summary>
internal static class ExecutorCommand
{
    public const string SecretVariable = "SLUICE_CLUSTER_SECRET";

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(TextWriter output, Logging.CliLogging logging)
    {
        var driver = new Option<string>("--driver") { Description = "The driver's HOST:PORT, as it prints it.", Required = true };
        var slots = CliOptions.Positive("--slots", "How many tasks this executor runs at once", Environment.ProcessorCount);
        var joinTimeout = CliOptions.Duration("--join-timeout", "How long to try to reach the driver and hear its answer", JoinTimeout);
        var bind = new Option<string>("--bind") { Description = "The address the driver and other executors reach this one at.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("executor", "Joins a driver's cluster as an executor, with the secret from SLUICE_CLUSTER_SECRET, until the driver ends it or Ctrl+C.")
        {
            driver, slots, bind, joinTimeout,
        };
        command.SetAction(async (parsed, cancellation) =>
        {
            var secret = Environment.GetEnvironmentVariable(SecretVariable);
            if (string.IsNullOrEmpty(secret))
            {
                throw new CliUsageException($"{SecretVariable} is not set: give every process of the application the same cluster secret in it.");
            }

            using var shutdown = new ShutdownSignal(parsed.InvocationConfiguration.Error, "Leaving the cluster...");
            using var loggers = logging.CreateFactory(parsed, parsed.InvocationConfiguration.Error);
            var timeout = CliOptions.Get(parsed, joinTimeout, JoinTimeout);
            await output.WriteLineAsync($"Joining the driver at {parsed.GetValue(driver)} (giving up after {DurationParser.Format(timeout)})...").ConfigureAwait(false);
            await output.FlushAsync(cancellation).ConfigureAwait(false);
            var executor = await ClusterExecutor.StartAsync(new ClusterExecutorOptions
            {
                Driver = parsed.GetValue(driver)!,
                BindAddress = parsed.GetValue(bind)!,
                Slots = parsed.GetValue(slots),
                Secret = secret,
                Application = typeof(ExecutorCommand).Assembly,
                RegistrationTimeout = timeout,
                LoggerFactory = loggers,
            }, cancellation).ConfigureAwait(false);
            await using var executorScope = executor.ConfigureAwait(false);
            await output.WriteLineAsync($"Executor registered with the driver at {parsed.GetValue(driver)}; blocks served at {executor.BlockAddress}").ConfigureAwait(false);
            await output.FlushAsync(cancellation).ConfigureAwait(false);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellation, shutdown.Token);
            await executor.Completion.WaitAsync(both.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await output.WriteLineAsync(executor.Completion.IsCompleted ? "The driver's cluster ended this executor." : "Executor stopped.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
