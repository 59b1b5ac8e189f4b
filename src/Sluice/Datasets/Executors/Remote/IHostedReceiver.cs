namespace Sluice.Datasets.Executors.Remote;

/// <summary>A receiver running on this executor, as the driver's control messages reach it.</summary>
internal interface IHostedReceiver
{
    /// <summary>The rate back-pressure estimated on the driver, in records per second.</summary>
    void SetRate(double recordsPerSecond);

    /// <summary>Stops the receiver for good: its last block is stored and reported, and its task ends.</summary>
    void Stop();
}
