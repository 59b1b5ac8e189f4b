using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Sluice.RabbitMQ;

/// <summary>A connection of its own with one channel on it, and a task that completes when the channel closes, for why.</summary>
internal sealed class RabbitMQChannel : IAsyncDisposable
{
    private readonly TaskCompletionSource<ShutdownEventArgs> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IConnection _connection;

    private RabbitMQChannel(IConnection connection, IChannel channel)
    {
        _connection = connection;
        Channel = channel;
        channel.ChannelShutdownAsync += (_, reason) =>
        {
            _closed.TrySetResult(reason);
            return Task.CompletedTask;
        };
    }

    public IChannel Channel { get; }

    /// <summary>Completes, with the broker's reason, when the channel (or its connection) closes.</summary>
    public Task<ShutdownEventArgs> Closed => _closed.Task;

    public static async Task<RabbitMQChannel> OpenAsync(RabbitMQEndpoint endpoint, string name, CancellationToken cancellationToken)
    {
        var connection = await endpoint.ConnectAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            return new RabbitMQChannel(connection, await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
