namespace Sluice.Sources;

/// <summary>Where a receiver is in its lifecycle under its supervisor.</summary>
internal enum ReceiverState
{
    Initialized = 0,
    Started = 1,
    Stopped = 2,
}
