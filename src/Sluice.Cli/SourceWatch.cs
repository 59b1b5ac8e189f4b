using Sluice.Monitoring;

namespace Sluice.Cli;

/// <summary>Watches whether the source delivered anything, and the last error its receiver or input reported, to say why not at the end of a run.</summary>
internal sealed class SourceWatch : IStreamingListener
{
    private long _records;
    private volatile string? _lastError;

    public long Records => Interlocked.Read(ref _records);

    public string? LastError => _lastError;

    public void OnBatchCompleted(BatchInfo batch) => Interlocked.Add(ref _records, batch.NumRecords);

    public void OnReceiverError(ReceiverInfo receiver) => _lastError = receiver.LastErrorMessage ?? _lastError;

    public void OnInputError(InputErrorInfo input) => _lastError = input.Message;
}
