namespace MlopsKit.Serving;

/// <summary>The wire protocols a <see cref="ModelServer"/> speaks and a <see cref="ModelClient"/> can call.</summary>
public enum ServingProtocol
{
    /// <summary>MLflow's scoring server: <c>POST /invocations</c> with <c>dataframe_split</c>, answers <c>{"predictions": [...]}</c>.</summary>
    Mlflow,

    /// <summary>The tutorial's Flask app: <c>POST /predict</c> with a JSON object per row, answers <c>{"result": [...]}</c>.</summary>
    Flask,

    /// <summary>Seldon Core v1: <c>POST /api/v1.0/predictions</c> with <c>{"data": {"names", "ndarray"}}</c>.</summary>
    Seldon,

    /// <summary>The Open Inference Protocol (KServe V2): <c>POST /v2/models/{name}/infer</c> with one FP32 tensor.</summary>
    OpenInference,
}
