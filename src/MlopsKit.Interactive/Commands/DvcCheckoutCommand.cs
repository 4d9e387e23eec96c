using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!dvc checkout [--rev rev]</c>.</summary>
public sealed class DvcCheckoutCommand : KernelDirectiveCommand
{
    /// <summary>Check out the data recorded at this git revision.</summary>
    public string? Rev { get; set; }
}
