namespace Sluice.Sources;

/// <summary>What the receiver tracker needs of a supervisor, whatever its record type.</summary>
internal interface IReceiverSupervisor
{
    int StreamId { get; }

    /// <summary>Occupies a worker, starts the block generator and the receiver.</summary>
    void Start();

    /// <summary>Stops the receiver and the block generator, stores the last partial block and frees the worker.</summary>
    void Stop();

    /// <summary>Turns the records stored so far into a block, so the batch being generated takes them.</summary>
    void CutBlock();

    /// <summary>The records stored and not yet cut into a block, as far as this process sees them.</summary>
    int Buffered { get; }

    /// <summary>Sets the rate back-pressure estimated, never above the receivers' maximum rate.</summary>
    void UpdateRate(double recordsPerSecond);
}
