using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace MlopsKit.Serving;

/// <summary>
/// Records the request metrics of the prediction routes (<see cref="ServingMetrics.ProtocolOf"/>): duration, count by code, errors by
/// reason, in-flight. Sits after <c>UseHttpMetrics</c> and before the routes, so no route needs metrics code; an exception a route
/// lets through counts as the status <see cref="ServingErrorMiddleware"/> will answer (413/400 for body errors, else 500).
/// A request the client abandoned is not counted.
/// </summary>
internal sealed class ModelMetricsMiddleware(RequestDelegate next, ServingMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var protocol = ServingMetrics.ProtocolOf(context.Request.Path);
        if (protocol is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var state = new RequestMetricsState(protocol);
        RequestMetricsState.Current = state;
        var start = Stopwatch.GetTimestamp();
        int? code = null;
        metrics.RequestStarted();
        try
        {
            await next(context).ConfigureAwait(false);
            code = context.Response.StatusCode;
        }
        catch (BadHttpRequestException e)
        {
            code = e.StatusCode;
            throw;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            code = StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            metrics.RequestEnded(state, code, context.Items[ServingMetrics.ErrorReasonItem] as string, Stopwatch.GetElapsedTime(start).TotalSeconds);
            RequestMetricsState.Current = null;
        }
    }
}
