using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!dvc log &lt;path&gt;</c>.</summary>
public sealed class DvcLogCommand : KernelDirectiveCommand
{
    /// <summary>The tracked output whose versions to list.</summary>
    public string? Path { get; set; }
}
