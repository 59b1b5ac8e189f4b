using System.Net;
using Microsoft.Extensions.Options;

namespace Sluice.Web;

/// <summary>Checks the <c>Sluice:Ui</c> section when the host starts, naming the key that is wrong.</summary>
internal sealed class WebUiOptionsValidator : IValidateOptions<WebUiOptions>
{
    public ValidateOptionsResult Validate(string? name, WebUiOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Key(nameof(options.Port))} is {options.Port}: give a port from 0 (the system chooses) to {IPEndPoint.MaxPort}, such as 4040.");
        }

        if (options.PortAttempts < 1)
        {
            failures.Add($"{Key(nameof(options.PortAttempts))} is {options.PortAttempts}: give how many ports to try from Port on, 1 or more.");
        }

        if (options.RetainedBatches < 1)
        {
            failures.Add($"{Key(nameof(options.RetainedBatches))} is {options.RetainedBatches}: give how many completed batches the UI keeps, 1 or more.");
        }

        if (options.BindAddress is null)
        {
            failures.Add($"{Key(nameof(options.BindAddress))} is empty: give an IP address, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string property) => $"{SluiceUiServiceCollectionExtensions.SectionName}:{property}";
}
