namespace Sluice.Hosting;

/// <summary>
/// A hosted streaming application's settings, bound from the <c>"Sluice"</c> configuration section
/// (<c>appsettings.json</c>, environment variables such as <c>Sluice__BatchInterval</c>, the command line) and
/// checked when the host starts.
/// </summary>
public sealed class SluiceStreamingOptions
{
    /// <summary>The configuration section: <c>Sluice</c>.</summary>
    public const string SectionName = "Sluice";

    /// <summary>The application's name, in metrics and the web UI's REST paths.</summary>
    public string AppName { get; set; } = "sluice";

    /// <summary>Where tasks run: <c>local[N]</c>, <c>local[*]</c> or <c>local-serialized[N]</c>.</summary>
    public string Master { get; set; } = "local[*]";

    /// <summary>The batch interval, in configuration as <c>00:00:01</c> (a whole number of milliseconds).</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Where checkpoints go (a directory or a registered URI such as <c>s3://bucket/prefix</c>); the application resumes from it at start. None when empty.</summary>
    public string? Checkpoint { get; set; }

    /// <summary>Whether sources receive only as fast as batches are processed (Spark's back-pressure).</summary>
    public bool Backpressure { get; set; }
}
