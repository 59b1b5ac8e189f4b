namespace Sluice.Cluster.Scheduling;

/// <summary>Where a shuffle's map outputs are: the executor holding each map partition's (null where none does), and those executors' block addresses.</summary>
internal sealed record MapOutputs(string?[] Holders, Dictionary<string, string> BlockAddresses)
{
    /// <summary>Where shuffle <paramref name="shuffleId"/>'s map outputs are, as the driver's tracker (<paramref name="holders"/>) knows it now.</summary>
    public static MapOutputs Of(int shuffleId, Func<int, string?[]> holders, Func<string, Uri?> blockAddress)
    {
        var found = holders(shuffleId);
        var addresses = found.OfType<string>().Distinct().Select(id => (id, address: blockAddress(id)))
            .Where(holder => holder.address is not null).ToDictionary(holder => holder.id, holder => holder.address!.ToString());
        return new MapOutputs(found, addresses);
    }
}
