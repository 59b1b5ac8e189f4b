using NATS.Client.Core;
using Sluice.Sources;

namespace Sluice.Nats;

/// <summary>
/// Subscribes to core NATS subjects and stores each message (the engine gathers them into blocks). Core NATS keeps
/// nothing for a subscriber: a message published while the receiver is disconnected, or stopped, is not delivered
/// to it (at most once). The client reconnects by itself; the receiver reports the loss in words.
/// </summary>
/// <typeparam name="T">What each message becomes.</typeparam>
internal sealed class NatsSubjectReceiver<T>(NatsEndpoint endpoint, IReadOnlyList<string> subjects, string? queueGroup, Func<NatsMessage, T> convert) : AsyncReceiver<T>
{
    protected override string DescribeFailure(Exception error)
        => $"{NatsErrors.Describe(endpoint, $"subjects {Subjects}", error)} Connecting again; core NATS does not keep what is published meanwhile.";

    private string Subjects => string.Join(", ", subjects.Select(subject => $"'{subject}'"));

    protected override async Task ReceiveAsync(CancellationToken stopping)
    {
        var connection = endpoint.Connection($"sluice-receiver-{StreamId}");
        await using var closeConnection = connection.ConfigureAwait(false);
        connection.ConnectionDisconnected += (_, _) =>
        {
            if (!stopping.IsCancellationRequested)
            {
                ReportError($"Lost the connection to NATS at {endpoint.Address}; the client connects again by itself. Core NATS does not keep what is published meanwhile for this receiver (at most once): read a JetStream stream with NatsUtils.CreateDirectStream to lose nothing.");
            }

            return ValueTask.CompletedTask;
        };
        await connection.ConnectAsync().ConfigureAwait(false);
        var receiving = subjects.Select(subject => ReceiveAsync(connection, subject, stopping)).ToList();
        NatsLog.Subscribed(Logger, Subjects, endpoint.Address);
        await Task.WhenAll(receiving).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(NatsConnection connection, string subject, CancellationToken stopping)
    {
        await foreach (var message in connection.SubscribeAsync<byte[]>(subject, queueGroup, cancellationToken: stopping).ConfigureAwait(false))
        {
            try
            {
                Store(convert(NatsMessages.From(message)));
            }
            catch (FormatException error)
            {
                ReportError(error.Message, error);
            }
        }
    }
}
