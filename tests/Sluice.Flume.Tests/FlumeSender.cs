using Sluice.TestSupport;

namespace Sluice.Flume.Tests;

/// <summary>The outside client: avsc (from tests/peers) sending lines as events over Avro RPC with Netty framing, as Flume's Avro sink does.</summary>
internal static class FlumeSender
{
    /// <summary>Sends each line as an event, <paramref name="batch"/> a call (appendBatch), or one a call (append) when 1; returns each call's status.</summary>
    public static async Task<IReadOnlyList<string>> SendAsync(int port, IEnumerable<string> lines, int batch = 100, bool hex = false)
    {
        using var sender = ChildProcess.Start("node", [Path.Combine(AppContext.BaseDirectory, "flume-send.js"), NodePeers.Module("avsc"), $"{port}", batch == 1 ? "append" : $"batch:{batch}", hex ? "hex" : "text"], redirectInput: true);
        foreach (var line in lines)
        {
            await sender.Input.WriteLineAsync(line);
        }

        sender.Input.Close();
        await sender.WaitForExitAsync();
        return sender.Output;
    }
}
