namespace Sluice;

/// <summary>The lifecycle of a <see cref="StreamingContext"/>: it starts once and stops once.</summary>
public enum StreamingState
{
    /// <summary>Created; the graph may still be built.</summary>
    Initialized = 0,

    /// <summary>Started: batches are generated every interval.</summary>
    Active = 1,

    /// <summary>Stopped; it cannot be started again.</summary>
    Stopped = 2,
}
