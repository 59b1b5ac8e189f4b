namespace Sluice.Web.Api;

/// <summary>The last error an input stream reported.</summary>
public sealed record InputErrorStatus(int StreamId, string StreamName, DateTimeOffset Time, string Message);
