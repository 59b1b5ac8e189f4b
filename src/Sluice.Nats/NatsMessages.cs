using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Sluice.Nats;

/// <summary>NATS.Net's messages as <see cref="NatsMessage"/>, and payloads as text, strictly.</summary>
internal static class NatsMessages
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static NatsMessage From(NatsMsg<byte[]> message) => new(message.Subject, message.Data ?? [], Headers(message.Headers), null, null);

    public static NatsMessage From(INatsJSMsg<byte[]> message)
        => new(message.Subject, message.Data ?? [], Headers(message.Headers), message.Metadata?.Sequence.Stream, message.Metadata?.Timestamp);

    /// <summary>A subject's message, which the receiver drops (reporting it) when it is not text.</summary>
    public static string ReceivedText(NatsMessage message) => Text(message, "was dropped", "NatsUtils.CreateSubjectStream");

    /// <summary>A JetStream message, whose batch cannot be read as text when it is not.</summary>
    public static string ReadText(NatsMessage message) => Text(message, "cannot be read as text", "NatsUtils.CreateDirectStream");

    private static string Text(NatsMessage message, string consequence, string readBytesWith)
    {
        try
        {
            return s_strictUtf8.GetString(message.Data);
        }
        catch (DecoderFallbackException error)
        {
            var where = message.Sequence is { } sequence ? $" at sequence {sequence}" : "";
            throw new FormatException(
                $"A message on subject '{message.Subject}'{where} {consequence}: its payload of {message.Data.Length} bytes is not UTF-8 text (an invalid byte at index {error.Index}). Publish text, or read bytes with {readBytesWith}.",
                error);
        }
    }

    private static Dictionary<string, string>? Headers(NatsHeaders? headers)
        => headers is { Count: > 0 } ? headers.ToDictionary(header => header.Key, header => header.Value.ToString()) : null;
}
