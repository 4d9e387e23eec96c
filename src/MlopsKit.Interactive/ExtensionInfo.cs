namespace MlopsKit.Interactive;

/// <summary>Placeholder for the notebook extension; the magic commands arrive with the notebooks issue.</summary>
public static class ExtensionInfo
{
    /// <summary>The name the extension will register under.</summary>
    public const string Name = "MlopsKit.Interactive";
}
