using System.Text.RegularExpressions;
using Sluice.TestSupport;

namespace Sluice.Mqtt.Tests;

/// <summary>
/// <c>sluice mqtt-dev</c>: a broker to try MQTT with none installed. The word count reads what mosquitto_pub, the
/// outside client, publishes to it; a port already taken is said in words.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class MqttDevTests
{
    [Fact]
    public async Task TheWordCount_CountsWhatMosquittoPubPublishesToTheDevelopmentBroker()
    {
        var port = Loopback.FreePort();
        using var broker = ChildProcess.Sluice("mqtt-dev", "--port", $"{port}");
        var url = Url().Match(await broker.WaitForLineAsync(line => line.StartsWith("MQTT development broker:", StringComparison.Ordinal), "the broker's address")).Value;
        Assert.Equal($"tcp://127.0.0.1:{port}", url);

        using var count = ChildProcess.Sluice("wordcount", "--mqtt", url, "--topic", "lines/#", "--batch", "200ms", "--json", "--no-ui", "--master", "local[2]", "--verbose");
        await count.WaitForLineAsync(line => line.Contains("subscribed to 'lines/#'", StringComparison.Ordinal), "the receiver subscribed", standardError: true);
        using (var publish = ChildProcess.Start("mosquitto_pub", ["-V", "mqttv5", "-h", "127.0.0.1", "-p", $"{port}", "-t", "lines/a", "-q", "1", "-m", "to be or not to be"]))
        {
            Assert.Equal(0, await publish.WaitForExitAsync());
        }

        var batch = await count.WaitForLineAsync(line => line.Contains("\"records\":1", StringComparison.Ordinal), "the batch of the message");
        Assert.Contains("{\"word\":\"to\",\"count\":2}", batch, StringComparison.Ordinal);
        Assert.Contains("{\"word\":\"be\",\"count\":2}", batch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APortAlreadyTaken_IsSaidInWords()
    {
        var port = Loopback.FreePort();
        using var first = ChildProcess.Sluice("mqtt-dev", "--port", $"{port}");
        await first.WaitForLineAsync(line => line.StartsWith("MQTT development broker:", StringComparison.Ordinal), "the first broker's address");

        using var second = ChildProcess.Sluice("mqtt-dev", "--port", $"{port}");

        Assert.NotEqual(0, await second.WaitForExitAsync());
        Assert.Contains(second.Error, line => line.Contains($"Port {port} on 127.0.0.1 is taken: another MQTT broker may run there already", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"tcp://\S+")]
    private static partial Regex Url();
}
