using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>MLflow's <c>/ping</c>, <c>/health</c> and <c>/version</c>.</summary>
public static class HealthRoutes
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app, ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // MLflow answers "\n" with an application/json mimetype once the model is loaded; a server only exists with a loaded model.
        app.MapGet("/ping", () => Results.Text("\n", "application/json"));
        app.MapGet("/health", () => Results.Text("\n", "application/json"));
        app.MapGet("/version", () => Results.Text(MlflowModel.MlflowVersion, "application/json"));
    }
}
