namespace Sluice.Cluster.Blocks;

/// <summary>
/// The data channel's wire format, shared by <see cref="BlockServer"/> and <see cref="BlockFetcher"/>: a request is
/// <c>POST /blocks</c> with the wanted block ids, one per line in UTF-8; the response gives each block in the order
/// asked, as a little-endian 32-bit length (-1 when the server does not hold it) and its bytes. A request carries
/// <c>Authorization: Sluice TOKEN</c>, the token being an HMAC-SHA256 of the channel's name under the cluster's
/// shared secret, so the secret itself never crosses the network. A copy of a block is pushed with
/// <c>PUT /blocks/ID</c>, its bytes the body, answered 204 once kept.
/// </summary>
internal static class BlockChannel
{
    public const string Path = "/blocks";

    public const string Scheme = "Sluice";

    /// <summary>The length written for a block the server does not hold.</summary>
    public const int Missing = -1;

    /// <summary>The token of <paramref name="secret"/>.</summary>
    public static string Token(string secret) => ClusterSecret.Token(secret, ClusterSecret.Blocks);

    /// <summary>Whether an <c>Authorization</c> header carries <paramref name="expectedToken"/>.</summary>
    public static bool Authorizes(string? header, string expectedToken)
        => header is not null && header.StartsWith(Scheme + " ", StringComparison.Ordinal) && ClusterSecret.Matches(header[(Scheme.Length + 1)..], expectedToken);
}
