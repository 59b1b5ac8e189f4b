using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;
using Sluice.Sources;

namespace Sluice.Mqtt;

/// <summary>
/// Subscribes to topic filters on an MQTT broker and stores what arrives. Messages are gathered for a flush interval
/// (or until half the broker's unacknowledged allowance waits), stored as one block, which returns once the block is
/// stored (and logged, with the write-ahead log), and only then acknowledged: a message the broker sent at QoS 1 or 2
/// is never acknowledged before it is stored. A lost connection restarts the receiver, which connects again.
/// </summary>
/// <typeparam name="T">What each message becomes.</typeparam>
internal sealed class MqttReceiver<T>(MqttStreamOptions options, Func<MqttMessage, T> convert) : AsyncReceiver<T>
{
    /// <summary>
    /// A block that could not be stored (a full disk under the write-ahead log), a connection lost while subscribing:
    /// nothing unstored was acknowledged, so the broker sends it again.
    /// </summary>
    protected override string DescribeFailure(Exception error)
        => $"The MQTT receiver of {options.Address} failed: {error.Message} Messages not acknowledged are sent again by the broker if the session persists (ClientId and SessionExpiry); connecting again.";

    protected override async Task ReceiveAsync(CancellationToken stopping)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var pending = new PendingMessages(options.MaxUnacknowledged / 2);
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += received =>
        {
            received.AutoAcknowledge = false; // acknowledged once stored
            pending.Add(received);
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += lost =>
        {
            disconnected.TrySetResult(lost);
            return Task.CompletedTask;
        };

        if (await ConnectAsync(client, stopping).ConfigureAwait(false) is not { } connected
            || !await SubscribeAsync(client, connected.IsSessionPresent, stopping).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await pending.WaitAsync(options.FlushInterval, stopping).ConfigureAwait(false);
                await FlushAsync(client, pending.TakeAll(), stopping).ConfigureAwait(false);
                if (disconnected.Task.IsCompleted)
                {
                    var lost = await disconnected.Task.ConfigureAwait(false);
                    Restart($"Lost the connection to the MQTT broker at {options.Address} ({lost.Reason}{(lost.Exception is null ? "" : $": {lost.Exception.Message}")}); connecting again. The broker sends again what was not acknowledged if the session persists (ClientId and SessionExpiry).", lost.Exception);
                    return;
                }
            }
        }
        finally
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), quick.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Connects; null when that failed, and the receiver restarts.</summary>
    private async Task<MqttClientConnectResult?> ConnectAsync(IMqttClient client, CancellationToken stopping)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithProtocolVersion(options.ProtocolVersion)
            .WithTimeout(options.ConnectTimeout)
            .WithClientId(options.ClientId ?? $"sluice-{Guid.NewGuid():N}")
            .WithCleanSession(options.SessionExpiry == TimeSpan.Zero)
            .WithSessionExpiryInterval((uint)Math.Min(options.SessionExpiry.TotalSeconds, uint.MaxValue))
            .WithReceiveMaximum((ushort)options.MaxUnacknowledged);
        if (options.UserName is not null)
        {
            builder.WithCredentials(options.UserName, options.Password);
        }

        try
        {
            var result = await client.ConnectAsync(builder.Build(), stopping).ConfigureAwait(false);
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return result;
            }

            Restart(MqttErrors.Refused(options, result.ResultCode, result.ReasonString));
            return null;
        }
        catch (Exception error) when (!stopping.IsCancellationRequested)
        {
            Restart(MqttErrors.ConnectFailed(options, error), error);
            return null;
        }
    }

    private async Task<bool> SubscribeAsync(IMqttClient client, bool resumed, CancellationToken stopping)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in options.TopicFilters)
        {
            subscribe.WithTopicFilter(filter, options.QualityOfService);
        }

        var result = await client.SubscribeAsync(subscribe.Build(), stopping).ConfigureAwait(false);
        var refused = result.Items.Where(item => item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToList();
        if (refused.Count > 0)
        {
            Stop($"The MQTT broker at {options.Address} refused the subscription to {string.Join(", ", refused.Select(item => $"'{item.TopicFilter.Topic}' ({item.ResultCode})"))}. Check the topic filters and what the user may read.");
            return false;
        }

        MqttLog.Subscribed(Logger, options.Address, client.Options.ClientId, string.Join(", ", options.TopicFilters.Select(filter => $"'{filter}'")), options.QualityOfService.ToString(),
            resumed ? "; the broker kept the session, and sends what was published since" : "");
        return true;
    }

    /// <summary>Stores the messages as one block, then acknowledges them: in that order, so none is acknowledged unstored.</summary>
    private async Task FlushAsync(IMqttClient client, List<MqttApplicationMessageReceivedEventArgs> received, CancellationToken stopping)
    {
        if (received.Count == 0)
        {
            return;
        }

        var records = new List<T>(received.Count);
        foreach (var message in received)
        {
            var application = message.ApplicationMessage;
            try
            {
                records.Add(convert(new MqttMessage(application.Topic, application.Payload.ToArray(), application.QualityOfServiceLevel, application.Retain)));
            }
            catch (FormatException error)
            {
                ReportError(error.Message, error); // acknowledged below all the same: sent again, it would fail again
            }
        }

        if (records.Count > 0)
        {
            Store(records);
        }

        if (!client.IsConnected)
        {
            return; // stored, not acknowledged: a kept session sends them again (at least once), a clean one loses none
        }

        foreach (var message in received.Where(message => message.ApplicationMessage.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce))
        {
            await message.AcknowledgeAsync(stopping).ConfigureAwait(false);
        }
    }
}
