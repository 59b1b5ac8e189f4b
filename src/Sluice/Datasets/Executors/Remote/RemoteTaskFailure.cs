namespace Sluice.Datasets.Executors.Remote;

/// <summary>Why a task failed on an executor process, as it travels back to the driver.</summary>
/// <param name="Type">The exception's type, such as <c>System.FormatException</c>.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Detail">The exception with its inner exceptions and stack, as the executor printed it.</param>
/// <param name="Operator">The operator it escaped from, when one was recorded.</param>
/// <param name="FetchFailedShuffle">For a fetch failure, the shuffle whose map output could not be fetched; otherwise -1.</param>
/// <param name="FetchFailedMap">For a fetch failure, the map partition; otherwise -1.</param>
/// <param name="FetchFailedExecutor">For a fetch failure, the executor that held the output.</param>
internal sealed record RemoteTaskFailure(string Type, string Message, string Detail, string? Operator, int FetchFailedShuffle = -1, int FetchFailedMap = -1, string? FetchFailedExecutor = null);
