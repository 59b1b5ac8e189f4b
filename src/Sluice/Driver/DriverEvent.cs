namespace Sluice.Driver;

/// <summary>An event of the driver's loop: the loop is its only reader and the only one to touch driver state.</summary>
internal abstract record DriverEvent;
