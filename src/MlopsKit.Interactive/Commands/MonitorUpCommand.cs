using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!monitor up [--dir d]</c>.</summary>
public sealed class MonitorUpCommand : KernelDirectiveCommand
{
    /// <summary>The stack folder; default: monitoring.</summary>
    public string? Dir { get; set; }
}
