using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sluice.Sources;

namespace Sluice.Flume;

/// <summary>
/// Spark's push-based Flume receiver: serves Flume's <c>AvroSourceProtocol</c> over Avro RPC with Netty framing on
/// a port of its own, so that Flume's Avro sink sends events to it. A call's events are stored as one block, and
/// only then is <c>OK</c> answered: the sink's transaction commits after that, so a crash before it makes the sink
/// send the events again. A block that cannot be stored is answered <c>FAILED</c>, and the sink sends it again.
/// </summary>
internal sealed class FlumeReceiver<T>(FlumeStreamOptions options, Func<FlumeEvent, T> convert) : AsyncReceiver<T>
{
    protected override string DescribeFailure(Exception error)
    {
        var cause = error is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            ? "the port is taken by another process. Choose another Port, and the Avro sink's port with it"
            : error is SocketException { SocketErrorCode: SocketError.AddressNotAvailable or SocketError.HostNotFound }
                ? $"'{options.Host}' is not an address of this machine. Give Host as a name or address the machine has"
                : error.Message;
        return $"The Flume receiver could not listen on {options.Host}:{options.Port}: {cause}. Trying again.";
    }

    protected override async Task ReceiveAsync(CancellationToken stopping)
    {
        var listener = new TcpListener(await AddressAsync(stopping).ConfigureAwait(false), options.Port);
        listener.Start();
        using var stop = stopping.Register(listener.Stop);
        FlumeLog.Listening(Logger, options.Host, options.Port);
        var connections = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stopping).ConfigureAwait(false);
                connections.RemoveAll(connection => connection.IsCompleted);
                connections.Add(ServeAsync(client, stopping));
            }
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    private async Task<IPAddress> AddressAsync(CancellationToken stopping)
    {
        if (options.Host == "localhost")
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(options.Host, out var address)
            ? address
            : (await Dns.GetHostAddressesAsync(options.Host, stopping).ConfigureAwait(false)).OrderBy(candidate => candidate.AddressFamily != AddressFamily.InterNetwork).First();
    }

    /// <summary>Answers one connection's packs until the sink closes it; what is not Avro RPC is reported and closes it.</summary>
    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using var _ = client;
        var peer = client.Client.RemoteEndPoint?.ToString() ?? "a peer";
        var stream = client.GetStream();
        var protocol = new AvroSourceConnection(events => StoreEvents(events, peer));
        try
        {
            while (await NettyFrames.ReadAsync(stream, options.MaxFrameBytes, stopping).ConfigureAwait(false) is { } pack)
            {
                await NettyFrames.WriteAsync(stream, pack.Serial, protocol.Respond(pack.Payload), stopping).ConfigureAwait(false);
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping: the sink sends again what was not answered OK.
        }
        catch (IOException)
        {
            // The sink went away mid-call: it sends again what was not answered OK.
        }
        catch (Exception error)
        {
            // Frames of impossible sizes, bytes that do not decode (Apache.Avro throws several kinds for those): this
            // connection ends, reported; the others go on.
            ReportError($"A connection from {peer} to the Flume receiver on {options.Host}:{options.Port} sent what is not Flume's AvroSourceProtocol over Avro RPC with Netty framing ({error.Message}); it was closed. Point an Avro sink (type avro) here, not another kind of client.", error);
        }
    }

    /// <summary>Stores a call's events as one block; false when that failed (reported), so the call is answered FAILED.</summary>
    private bool StoreEvents(List<FlumeEvent> events, string peer)
    {
        var records = new List<T>(events.Count);
        foreach (var flumeEvent in events)
        {
            try
            {
                records.Add(convert(flumeEvent));
            }
            catch (FormatException error)
            {
                ReportError(error.Message, error); // answered OK all the same: sent again, it would fail again
            }
        }

        try
        {
            if (records.Count > 0)
            {
                Store(records);
            }

            return true;
        }
        catch (Exception error) when (!IsStopped)
        {
            ReportError($"The Flume receiver on {options.Host}:{options.Port} could not store {records.Count} events from {peer}: {error.Message} They were answered FAILED, so the Avro sink sends them again.", error);
            return false;
        }
    }
}
