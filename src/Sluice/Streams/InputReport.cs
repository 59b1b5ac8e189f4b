namespace Sluice.Streams;

/// <summary>
/// What an input stream reports for one batch: its records, and a description of its input, such as files or offset
/// ranges. A source that learns its records only as it reads them (a file) gives <see cref="RecordsRead"/> instead,
/// asked each time the batch is reported.
/// </summary>
internal sealed record InputReport(long Records, IReadOnlyList<string> Metadata, Func<long>? RecordsRead = null)
{
    /// <summary>The records known now.</summary>
    public long RecordsNow => RecordsRead?.Invoke() ?? Records;
}
