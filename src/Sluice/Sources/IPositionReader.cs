namespace Sluice.Sources;

/// <summary>
/// Reads the records of one position of a <see cref="DirectInputDStream{T, TPosition}"/> in whichever process runs
/// the task, executor processes included: the batch's tasks carry it there, field by field, so it holds only what
/// can travel (settings, deserializers), never what is open (connections, consumers). What it opens, it keeps in a
/// cache of its process, keyed by something it carries.
/// </summary>
/// <typeparam name="T">The records.</typeparam>
/// <typeparam name="TPosition">What one partition of a batch reads.</typeparam>
public interface IPositionReader<out T, in TPosition>
{
    /// <summary>Reads <paramref name="position"/>; the same contract as <see cref="DirectInputDStream{T, TPosition}"/>'s <c>Read</c>.</summary>
    /// <param name="position">What to read.</param>
    /// <param name="attempt">0 for a task's first attempt, then 1, 2, … for retries (what was kept open is not to be trusted on a retry).</param>
    /// <param name="cancellationToken">Cancelled when the job is.</param>
    IEnumerable<T> Read(TPosition position, int attempt, CancellationToken cancellationToken);
}
