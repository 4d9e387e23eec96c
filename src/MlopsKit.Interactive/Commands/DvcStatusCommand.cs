using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!dvc status</c>.</summary>
public sealed class DvcStatusCommand : KernelDirectiveCommand;
