namespace Sluice.Datasets;

/// <summary>An edge of the lineage: which parent a dataset reads, and whether through a shuffle.</summary>
internal abstract class Dependency(Rdd parent)
{
    public Rdd Parent { get; } = parent;
}
