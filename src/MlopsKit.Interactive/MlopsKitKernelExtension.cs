using Microsoft.DotNet.Interactive;

namespace MlopsKit.Interactive;

/// <summary>Loads the magics when a host finds this dll under the package's <c>interactive-extensions/dotnet</c> folder.</summary>
public sealed class MlopsKitKernelExtension : IKernelExtension
{
    /// <summary>Registers the magics, the <c>mlops</c> cell kernel and the formatters on the kernel the host passes (its root kernel).</summary>
    public Task OnLoadAsync(Kernel kernel)
    {
        MlopsMagics.Load(kernel);
        return Task.CompletedTask;
    }
}
