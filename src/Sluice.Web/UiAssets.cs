using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Web;

/// <summary>The UI's page, scripts and styles, embedded in this assembly (uPlot's among them, fetched at build time).</summary>
internal static class UiAssets
{
    private static readonly FrozenDictionary<string, string> s_contentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Asset("index.html"));
        routes.MapGet("/ui/{file}", (string file) => Asset(file));
    }

    private static IResult Asset(string file)
    {
        var stream = typeof(UiAssets).Assembly.GetManifestResourceStream("ui/" + file);
        return stream is null || !s_contentTypes.TryGetValue(Path.GetExtension(file), out var contentType)
            ? Results.NotFound()
            : Results.Stream(stream, contentType);
    }
}
