using System.Collections.Concurrent;
using Sluice.Monitoring;

namespace Sluice.TestSupport;

/// <summary>The errors receivers and input streams report, as listeners see them, with a wait for the first that matches.</summary>
public sealed class SourceErrors : IStreamingListener
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public void OnReceiverError(ReceiverInfo receiver) => _messages.Enqueue(receiver.LastErrorMessage ?? "");

    public void OnInputError(InputErrorInfo input) => _messages.Enqueue(input.Message);

    /// <summary>The first error containing <paramref name="text"/>, once one is reported; fails after 30 s.</summary>
    public async Task<string> WaitForAsync(string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_messages.FirstOrDefault(message => message.Contains(text, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No error containing '{text}' within 30 s; reported: {string.Join(" | ", _messages.Distinct())}");
            }

            await Task.Delay(10);
        }
    }
}
