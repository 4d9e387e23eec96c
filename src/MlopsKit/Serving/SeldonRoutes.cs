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
}
