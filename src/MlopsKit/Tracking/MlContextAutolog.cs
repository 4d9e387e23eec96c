using Microsoft.ML;

namespace MlopsKit.Tracking;

/// <summary>The one call that turns ML.NET autologging on: <c>using var autolog = mlContext.Autolog();</c>.</summary>
public static class MlContextAutolog
{
    /// <summary>Starts autologging fits and evaluations made through the returned object; dispose it to stop.</summary>
    public static MlnetAutolog Autolog(this MLContext mlContext, AutologOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new MlnetAutolog(mlContext, options ?? new AutologOptions());
    }
}
