using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Cluster.Blocks;

/// <summary>
/// Fetches blocks from the processes that hold them (<see cref="BlockServer"/>), many per request, over connections
/// kept open between fetches.
/// </summary>
public sealed class BlockFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;
    private readonly Version _version;

    /// <summary>A fetcher for a cluster with <paramref name="secret"/>, speaking HTTP/2 when <paramref name="http2"/> (as the servers must).</summary>
    public BlockFetcher(string secret, bool http2 = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _token = BlockChannel.Token(secret);
        _version = http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), EnableMultipleHttp2Connections = true })
        {
            Timeout = Timeout.InfiniteTimeSpan, // a fetch is cancelled by its task, not by a clock of its own
        };
    }

    /// <summary>
    /// The bytes of each block of <paramref name="blockIds"/> held by the server at <paramref name="server"/>, in
    /// order; null for a block it does not hold.
    /// </summary>
    /// <exception cref="BlockFetchException">The server cannot be reached, refuses the request, or ends the response early.</exception>
    public async Task<byte[]?[]> FetchAsync(Uri server, IReadOnlyList<string> blockIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(blockIds);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, BlockChannel.Path))
        {
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(string.Join('\n', blockIds), Encoding.UTF8),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(BlockChannel.Scheme, _token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var said = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new BlockFetchException(server, $"answered {(int)response.StatusCode} {response.ReasonPhrase}: {said}");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var bodyScope = body.ConfigureAwait(false);
            var blocks = new byte[]?[blockIds.Count];
            var length = new byte[4];
            for (var i = 0; i < blocks.Length; i++)
            {
                await body.ReadExactlyAsync(length, cancellationToken).ConfigureAwait(false);
                var size = BinaryPrimitives.ReadInt32LittleEndian(length);
                if (size == BlockChannel.Missing)
                {
                    continue;
                }

                blocks[i] = new byte[size];
                await body.ReadExactlyAsync(blocks[i], cancellationToken).ConfigureAwait(false);
            }

            return blocks;
        }
        catch (Exception error) when (error is HttpRequestException or IOException and not BlockFetchException)
        {
            throw new BlockFetchException(server, error.Message, error);
        }
    }

    /// <summary>Has the server at <paramref name="server"/> keep <paramref name="bytes"/> as block <paramref name="blockId"/>.</summary>
    /// <exception cref="BlockFetchException">The server cannot be reached or did not keep it.</exception>
    internal async Task PushAsync(Uri server, string blockId, byte[] bytes, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(server, $"{BlockChannel.Path}/{Uri.EscapeDataString(blockId)}"))
        {
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(bytes),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(BlockChannel.Scheme, _token);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                var said = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new BlockFetchException(server, $"did not keep block {blockId}: {(int)response.StatusCode} {response.ReasonPhrase}: {said}");
            }
        }
        catch (Exception error) when (error is HttpRequestException or IOException and not BlockFetchException)
        {
            throw new BlockFetchException(server, error.Message, error);
        }
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _http.Dispose();
}
