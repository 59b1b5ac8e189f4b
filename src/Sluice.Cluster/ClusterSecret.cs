using System.Security.Cryptography;
using System.Text;

namespace Sluice.Cluster;

/// <summary>
/// What proves a process knows the cluster's shared secret without sending it: an HMAC-SHA256 of the purpose
/// (membership, block requests) under the secret, compared in constant time.
/// </summary>
internal static class ClusterSecret
{
    public const string Membership = "sluice-membership/1";

    public const string Blocks = "sluice-blocks/1";

    public static string Token(string secret, string purpose)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(purpose)));

    public static bool Matches(string? given, string expected)
        => given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));
}
