namespace Sluice.Sources.OnExecutors;

/// <summary>What a receiver running on an executor takes of the driver's options.</summary>
/// <param name="BlockInterval">How often stored records are cut into a block.</param>
/// <param name="RestartDelay">How long a restart waits.</param>
/// <param name="MaxRate">The most records per second it stores; 0 for no limit.</param>
/// <param name="Replicate">Whether each block is copied to a second executor before it is reported.</param>
internal sealed record ReceiverSettings(TimeSpan BlockInterval, TimeSpan RestartDelay, double MaxRate, bool Replicate);
