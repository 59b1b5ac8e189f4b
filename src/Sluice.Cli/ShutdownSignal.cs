using System.Runtime.InteropServices;

namespace Sluice.Cli;

/// <summary>
/// Turns the first Ctrl+C (SIGINT) or SIGTERM into a cancellation, so the command can stop gracefully and finish
/// the batches already cut; a second signal exits at once.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    /// <summary>The exit code after a second signal: 128 + SIGINT, as shells report an interrupted process.</summary>
    public const int ForcedExitCode = 130;

    /// <summary>What a word count says when the first signal comes.</summary>
    public const string StoppingBatches = "Stopping gracefully after the batches already received (press Ctrl+C again to stop now)...";

    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _error;
    private readonly string _stopping;
    private int _signals;

    /// <param name="error">Where the stop is announced.</param>
    /// <param name="stopping">What the first signal announces.</param>
    public ShutdownSignal(TextWriter error, string stopping = StoppingBatches)
    {
        _error = error;
        _stopping = stopping;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // Keep the process alive: the command stops gracefully instead.
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _error.WriteLine(_stopping);
            _cancellation.Cancel();
        }
        else
        {
            Environment.Exit(ForcedExitCode);
        }
    }
}
