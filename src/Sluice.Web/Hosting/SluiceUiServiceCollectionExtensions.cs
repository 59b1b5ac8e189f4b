using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Sluice.Web;

/// <summary>The web UI of a hosted streaming application (<c>AddSluiceStreaming</c> of Sluice.Hosting).</summary>
public static class SluiceUiServiceCollectionExtensions
{
    /// <summary>The configuration section of the UI's options: <c>Sluice:Ui</c> (<c>Port</c>, <c>BindAddress</c>, <c>PortAttempts</c>, <c>RetainedBatches</c>).</summary>
    public const string SectionName = "Sluice:Ui";

    /// <summary>
    /// Serves the web UI of the host's <see cref="StreamingContext"/> on a server of its own, as <c>sluice</c> does:
    /// started with the host, before the context, so it sees every batch; stopped with the context. Its options are
    /// bound from the <c>Sluice:Ui</c> section and checked when the host starts. For a worker service; an ASP.NET
    /// Core application maps the UI onto its own server instead (<c>app.MapSluiceUi()</c>).
    /// </summary>
    /// <param name="services">The host's services, with a streaming context (<c>AddSluiceStreaming</c>).</param>
    /// <returns>The options builder of <see cref="WebUiOptions"/>, for more configuration.</returns>
    public static OptionsBuilder<WebUiOptions> AddSluiceUi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebUiOptions>, WebUiOptionsValidator>());
        services.AddHostedService<WebUiHostedService>();
        return services.AddOptions<WebUiOptions>().BindConfiguration(SectionName).ValidateOnStart();
    }
}
