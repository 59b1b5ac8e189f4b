namespace Sluice.Driver;

/// <summary>An event of the job generator's loop; the loop is the only reader and the only one to touch generator state.</summary>
internal abstract record JobGeneratorEvent;
