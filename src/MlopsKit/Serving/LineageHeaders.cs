using Microsoft.AspNetCore.Http;

namespace MlopsKit.Serving;

/// <summary>Response headers that say which model, run and training data produced an answer.</summary>
public static class LineageHeaders
{
    /// <summary>Model name.</summary>
    public const string ModelName = "X-Model-Name";
    /// <summary>Model version.</summary>
    public const string ModelVersion = "X-Model-Version";
    /// <summary>The MLflow run that logged the model.</summary>
    public const string RunId = "X-Model-Run-Id";
    /// <summary>Digest of the training data (the DVC md5 when the data was versioned with mlops dvc).</summary>
    public const string DataMd5 = "X-Training-Data-Md5";

    /// <summary>Adds the headers the model knows.</summary>
    public static void Add(HttpResponse response, ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(model);
        var headers = response.Headers;
        headers[ModelName] = model.Name;
        headers[ModelVersion] = model.Version;
        if (model.RunId is { } run) headers[RunId] = run;
        if (model.DataMd5 is { } md5) headers[DataMd5] = md5;
    }
}
