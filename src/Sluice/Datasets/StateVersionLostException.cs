namespace Sluice.Datasets;

/// <summary>
/// A task needed a version of a stateful operator's state that is kept nowhere any more (its executor was lost after
/// the batch's datasets were built). Retrying the task cannot help; the batch's datasets are built again, linking
/// back to a version still held or saved, and its output runs again.
/// </summary>
internal sealed class StateVersionLostException(string message) : Exception(message);
