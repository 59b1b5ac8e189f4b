using System.CommandLine;
using Sluice.Mqtt;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice mqtt-dev [--port 1883]</c>: an MQTT broker for trying the MQTT examples with no broker installed
/// (MQTTnet's server, in this process, on 127.0.0.1), until Ctrl+C.
/// </summary>
internal static class MqttDevCommand
{
    public static Command Create(TextWriter output)
    {
        var port = CliOptions.Positive("--port", "The port on 127.0.0.1", 1883, maximum: 65535);
        var command = new Command("mqtt-dev", "Runs a development MQTT broker (MQTTnet's) on 127.0.0.1 and prints its address, until Ctrl+C.")
        {
            port,
        };
        command.SetAction(async (parsed, cancellation) =>
        {
            using var shutdown = new ShutdownSignal(parsed.InvocationConfiguration.Error, "Stopping the MQTT development broker...");
            var broker = await MqttDevBroker.StartAsync(parsed.GetValue(port)).ConfigureAwait(false);
            await using (broker.ConfigureAwait(false))
            {
                await output.WriteLineAsync($"MQTT development broker: {broker.Url}").ConfigureAwait(false);
                await output.WriteLineAsync($"Try: sluice wordcount --mqtt {broker.Url} --topic 'lines/#'   (publish with: mosquitto_pub -V mqttv5 -h 127.0.0.1 -p {broker.Port} -t lines/a -l < some.log)").ConfigureAwait(false);
                await output.WriteLineAsync("It keeps sessions and their messages in memory only, for trying things out. MQTT 3.1.1 clients must give a client id (mosquitto_pub -i ID).").ConfigureAwait(false);
                await output.FlushAsync(cancellation).ConfigureAwait(false);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellation, shutdown.Token);
                try
                {
                    await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            await output.WriteLineAsync("MQTT development broker stopped.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
