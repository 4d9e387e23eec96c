using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!dvc push [--remote name]</c>.</summary>
public sealed class DvcPushCommand : KernelDirectiveCommand
{
    /// <summary>Remote name; default: the configured default remote.</summary>
    public string? Remote { get; set; }
}
