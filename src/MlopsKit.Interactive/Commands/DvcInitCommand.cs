using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!dvc init [--no-scm] [--force]</c>.</summary>
public sealed class DvcInitCommand : KernelDirectiveCommand
{
    /// <summary>Allow a folder that is not a git repository.</summary>
    public bool NoScm { get; set; }

    /// <summary>Re-create an existing .dvc folder.</summary>
    public bool Force { get; set; }
}
