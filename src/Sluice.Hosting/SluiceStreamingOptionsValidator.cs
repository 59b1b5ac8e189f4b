using Microsoft.Extensions.Options;

namespace Sluice.Hosting;

/// <summary>Checks the <c>"Sluice"</c> section when the host starts, naming the key that is wrong.</summary>
internal sealed class SluiceStreamingOptionsValidator : IValidateOptions<SluiceStreamingOptions>
{
    public ValidateOptionsResult Validate(string? name, SluiceStreamingOptions options)
    {
        var failures = new List<string>();
        if (options.BatchInterval <= TimeSpan.Zero || options.BatchInterval.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            failures.Add($"{Key(nameof(options.BatchInterval))} is {options.BatchInterval}: give a positive whole number of milliseconds, such as 00:00:01 or 00:00:00.500.");
        }

        try
        {
            ContextOptions(options, loggerFactory: null, clock: TimeProvider.System).Validate();
        }
        catch (ArgumentException error)
        {
            failures.Add($"{Key(error.ParamName ?? "")}: {error.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The engine's options for these settings; the host handles shutdown signals itself.</summary>
    public static StreamingContextOptions ContextOptions(SluiceStreamingOptions options, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory, TimeProvider clock)
        => new()
        {
            AppName = options.AppName,
            Master = options.Master,
            BackpressureEnabled = options.Backpressure,
            LoggerFactory = loggerFactory,
            TimeProvider = clock,
            StopGracefullyOnShutdown = false,
        };

    /// <summary>The configuration key of an option (the engine names some by their parameter: <c>master</c>).</summary>
    private static string Key(string property)
        => property.Length == 0 ? SluiceStreamingOptions.SectionName : $"{SluiceStreamingOptions.SectionName}:{char.ToUpperInvariant(property[0])}{property[1..]}";
}
