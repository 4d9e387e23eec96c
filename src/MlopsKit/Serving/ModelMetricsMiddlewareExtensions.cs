using Microsoft.AspNetCore.Builder;

namespace MlopsKit.Serving;

/// <summary>Adds the model metrics middleware to an ASP.NET Core pipeline.</summary>
public static class ModelMetricsMiddlewareExtensions
{
    /// <summary>
    /// Records <c>model_request_duration_seconds</c>, <c>model_requests_total</c>, <c>model_request_errors_total</c> and
    /// <c>model_requests_in_flight</c> for the prediction routes into <paramref name="metrics"/>. Call after <c>UseRouting</c> and
    /// <c>UseHttpMetrics</c>, before the routes are mapped.
    /// </summary>
    public static IApplicationBuilder UseModelMetrics(this IApplicationBuilder app, ServingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(metrics);
        return app.UseMiddleware<ModelMetricsMiddleware>(metrics);
    }
}
