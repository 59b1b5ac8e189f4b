using Avro.IO;

namespace Sluice.Flume;

/// <summary>
/// One connection's side of Avro RPC for <c>AvroSourceProtocol</c>: the handshake on its first pack (stateful, as
/// the Netty transceiver), then calls. <c>append</c> and <c>appendBatch</c> answer <c>OK</c> only once
/// <paramref name="store"/> says the events are stored, and <c>FAILED</c> when it could not store them, so the sink
/// sends them again; a call with an empty name is a ping.
/// </summary>
internal sealed class AvroSourceConnection(Func<List<FlumeEvent>, bool> store)
{
    private const int Both = 0, Client = 1, None = 2; // HandshakeMatch
    private const int Ok = 0, Failed = 1; // Status
    private bool _handshaken;

    /// <summary>The response to one pack.</summary>
    /// <exception cref="Avro.AvroException">The pack is not Avro RPC for this protocol.</exception>
    /// <exception cref="EndOfStreamException">The pack ended early.</exception>
    public byte[] Respond(byte[] pack)
    {
        var input = new BinaryDecoder(new MemoryStream(pack, writable: false));
        using var output = new MemoryStream();
        var encoder = new BinaryEncoder(output);
        if (!_handshaken)
        {
            if (Handshake(input, encoder) == None)
            {
                return output.ToArray(); // the client sends its protocol and the call again
            }

            _handshaken = true;
        }

        SkipMetadata(input);
        var message = input.ReadString();
        encoder.WriteLong(0); // no response metadata
        switch (message)
        {
            case "":
                encoder.WriteBoolean(false); // a ping: no error, and a null response, which takes no bytes
                break;
            case "append":
                WriteStatus(encoder, store([ReadEvent(input)]));
                break;
            case "appendBatch":
                WriteStatus(encoder, store(ReadEvents(input)));
                break;
            default:
                encoder.WriteBoolean(true);
                encoder.WriteUnionIndex(0);
                encoder.WriteString($"There is no message '{message}' here: this is Flume's AvroSourceProtocol (append, appendBatch).");
                break;
        }

        encoder.Flush();
        return output.ToArray();
    }

    /// <summary>Answers the handshake: BOTH when the client's protocol is known and it knows this one, CLIENT when it must learn this one, NONE when it must send its own.</summary>
    private static int Handshake(BinaryDecoder input, BinaryEncoder output)
    {
        var clientHash = new byte[16];
        input.ReadFixed(clientHash);
        var clientProtocol = input.ReadUnionIndex() == 1 ? input.ReadString() : null;
        var serverHash = new byte[16];
        input.ReadFixed(serverHash);
        if (input.ReadUnionIndex() == 1)
        {
            SkipBytesMap(input);
        }

        var known = clientProtocol is not null || clientHash.AsSpan().SequenceEqual(AvroSourceProtocol.Hash);
        var match = !known ? None : serverHash.AsSpan().SequenceEqual(AvroSourceProtocol.Hash) ? Both : Client;
        output.WriteEnum(match);
        if (match == Both)
        {
            output.WriteUnionIndex(0);
            output.WriteUnionIndex(0);
        }
        else
        {
            output.WriteUnionIndex(1);
            output.WriteString(AvroSourceProtocol.Text);
            output.WriteUnionIndex(1);
            output.WriteFixed(AvroSourceProtocol.Hash);
        }

        output.WriteUnionIndex(0); // no metadata
        return match;
    }

    private static void WriteStatus(BinaryEncoder output, bool stored)
    {
        output.WriteBoolean(false);
        output.WriteEnum(stored ? Ok : Failed);
    }

    private static List<FlumeEvent> ReadEvents(BinaryDecoder input)
    {
        var events = new List<FlumeEvent>();
        for (var count = input.ReadArrayStart(); count > 0; count = input.ReadArrayNext())
        {
            for (var i = 0L; i < count; i++)
            {
                events.Add(ReadEvent(input));
            }
        }

        return events;
    }

    private static FlumeEvent ReadEvent(BinaryDecoder input)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var count = input.ReadMapStart(); count > 0; count = input.ReadMapNext())
        {
            for (var i = 0L; i < count; i++)
            {
                headers[input.ReadString()] = input.ReadString();
            }
        }

        return new FlumeEvent(headers, input.ReadBytes());
    }

    private static void SkipMetadata(BinaryDecoder input) => SkipBytesMap(input);

    private static void SkipBytesMap(BinaryDecoder input)
    {
        for (var count = input.ReadMapStart(); count > 0; count = input.ReadMapNext())
        {
            for (var i = 0L; i < count; i++)
            {
                input.SkipString();
                input.SkipBytes();
            }
        }
    }
}
