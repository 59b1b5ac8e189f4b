namespace Sluice.Cluster.Blocks;

/// <summary>Blocks could not be fetched from the process that holds them: what the scheduler treats as a fetch failure.</summary>
public sealed class BlockFetchException : IOException
{
    /// <summary>A failed fetch from <paramref name="server"/>, with what went wrong.</summary>
    public BlockFetchException(Uri server, string reason, Exception? innerException = null)
        : base($"Fetching blocks from {server} failed: {reason}. If that executor was lost, its blocks are computed again elsewhere; if every fetch fails, check that executors can reach each other's block addresses and share one secret.", innerException)
        => Server = server;

    /// <summary>The block server that failed.</summary>
    public Uri Server { get; }
}
