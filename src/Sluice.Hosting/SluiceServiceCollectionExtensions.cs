using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sluice.Hosting;

/// <summary>Adds a Sluice streaming application to a .NET host.</summary>
public static class SluiceServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="StreamingContext"/> built from the <c>"Sluice"</c> configuration section
    /// (<see cref="SluiceStreamingOptions"/>, validated when the host starts), the host's logger factory and its
    /// <see cref="TimeProvider"/> if one is registered, with its streams defined by <paramref name="build"/>; and a
    /// hosted service that starts it with the host and stops it gracefully when the host stops. With a checkpoint
    /// set, the context resumes from it (<see cref="StreamingContext.GetOrCreate(string, Func{StreamingContext}, bool)"/>).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="build">Defines the streams and outputs on the new context; it may resolve services.</param>
    /// <returns>The options builder of <see cref="SluiceStreamingOptions"/>, for more configuration or validation.</returns>
    public static OptionsBuilder<SluiceStreamingOptions> AddSluiceStreaming(this IServiceCollection services, Action<StreamingContext, IServiceProvider> build)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(build);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SluiceStreamingOptions>, SluiceStreamingOptionsValidator>());
        services.AddSingleton(provider => Create(provider, build));
        services.AddHostedService<StreamingHostedService>();
        return services.AddOptions<SluiceStreamingOptions>().BindConfiguration(SluiceStreamingOptions.SectionName).ValidateOnStart();
    }

    private static StreamingContext Create(IServiceProvider provider, Action<StreamingContext, IServiceProvider> build)
    {
        var settings = provider.GetRequiredService<IOptions<SluiceStreamingOptions>>().Value;
        var options = SluiceStreamingOptionsValidator.ContextOptions(settings, provider.GetService<ILoggerFactory>(), provider.GetService<TimeProvider>() ?? TimeProvider.System);

        StreamingContext New()
        {
            var context = new StreamingContext(options, settings.BatchInterval);
            build(context, provider);
            return context;
        }

        return string.IsNullOrWhiteSpace(settings.Checkpoint) ? New() : StreamingContext.GetOrCreate(settings.Checkpoint, New);
    }
}
