using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MlopsKit.Serving;

/// <summary>The Seldon protocol routes (to be filled in).</summary>
public static class SeldonRoutes
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app, ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(model);
    }

    /// <summary>Answers a SeldonMessage body that arrived on a shared route such as <c>/predict</c> (stub until the Seldon routes land: 501).</summary>
    public static Task RespondAsync(HttpContext context, ServedModel model, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        _ = body;
        return ErrorJson.WriteAsync(context.Response, StatusCodes.Status501NotImplemented, "Seldon messages are served by SeldonRoutes");
    }
}
