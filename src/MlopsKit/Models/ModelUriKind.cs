namespace MlopsKit.Models;

/// <summary>The forms of model URI MLflow accepts.</summary>
public enum ModelUriKind
{
    /// <summary>A local directory: a plain path or a <c>file://</c> URI.</summary>
    Local,

    /// <summary><c>runs:/&lt;run_id&gt;/&lt;artifact path&gt;</c>.</summary>
    Run,

    /// <summary><c>models:/&lt;name&gt;/&lt;version|stage|latest&gt;</c> or <c>models:/&lt;name&gt;@&lt;alias&gt;</c>.</summary>
    RegisteredModel,

    /// <summary><c>models:/&lt;model_id&gt;</c>, MLflow 3's logged-model id.</summary>
    LoggedModel,
}
