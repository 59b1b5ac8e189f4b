namespace Sluice.RabbitMQ.Tests;

/// <summary>One RabbitMQ node for a test class (it takes seconds to start); each test uses queues of its own.</summary>
public sealed class SharedBroker : IAsyncLifetime
{
    private RabbitMQBroker? _broker;

    public RabbitMQBroker Broker => _broker ?? throw new InvalidOperationException("The broker has not started.");

    public async Task InitializeAsync() => _broker = await RabbitMQBroker.StartNewAsync();

    public Task DisposeAsync()
    {
        _broker?.Dispose();
        return Task.CompletedTask;
    }
}
