using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!dvc add &lt;path&gt;</c>.</summary>
public sealed class DvcAddCommand : KernelDirectiveCommand
{
    /// <summary>The file or folder to track, relative to the current directory.</summary>
    public string? Path { get; set; }
}
