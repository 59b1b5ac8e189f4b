using System.Collections.Concurrent;

namespace Sluice.Checkpointing;

/// <summary>
/// Opens checkpoint storage from where a user says it is: a local path or <c>file://</c> URI is a
/// <see cref="LocalCheckpointStorage"/>; any other URI scheme (<c>s3://bucket/prefix</c>) is the storage a connector
/// registered for that scheme, as Spark takes <c>hdfs://</c> or <c>s3a://</c> checkpoint directories.
/// </summary>
public static class CheckpointStorages
{
    private static readonly ConcurrentDictionary<string, Func<Uri, ICheckpointStorage>> s_schemes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes <paramref name="scheme"/> URIs open with <paramref name="open"/>; a later registration of the same scheme replaces it.</summary>
    /// <param name="scheme">The URI scheme, such as <c>s3</c>.</param>
    /// <param name="open">Makes the storage for one URI of the scheme.</param>
    /// <exception cref="ArgumentException"><paramref name="scheme"/> is <c>file</c>, which is always local.</exception>
    public static void Register(string scheme, Func<Uri, ICheckpointStorage> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(open);
        if (string.Equals(scheme, Uri.UriSchemeFile, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("file:// is always a local directory; register another scheme.", nameof(scheme));
        }

        s_schemes[scheme] = open;
    }

    /// <summary>Opens the storage at <paramref name="location"/>: a local directory (created if needed), or a URI of a registered scheme.</summary>
    /// <param name="location">A directory path, a <c>file://</c> URI, or a URI such as <c>s3://bucket/prefix</c>.</param>
    /// <exception cref="ArgumentException">The URI's scheme has no registered storage.</exception>
    /// <exception cref="IOException">The local directory cannot be created.</exception>
    public static ICheckpointStorage Open(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (!IsUri(location, out var uri))
        {
            return new LocalCheckpointStorage(location);
        }

        if (uri.IsFile)
        {
            return new LocalCheckpointStorage(uri.LocalPath);
        }

        return s_schemes.TryGetValue(uri.Scheme, out var open)
            ? open(uri)
            : throw new ArgumentException(
                $"No checkpoint storage is registered for {uri.Scheme}:// (in '{location}'). Reference the connector for it and register it first (for S3: Sluice.S3's S3Checkpoints.Register), or give a local directory.",
                nameof(location));
    }

    /// <summary>Whether <paramref name="location"/> is a URI (<c>scheme://...</c>) rather than a path; a Windows drive letter is a path.</summary>
    internal static bool IsUri(string location, out Uri uri)
        => Uri.TryCreate(location, UriKind.Absolute, out uri!) && location.Contains("://", StringComparison.Ordinal);
}
