using Microsoft.DotNet.Interactive;

namespace MlopsKit.Interactive;

/// <summary>The notebook front door: registers <c>#!dvc</c>, <c>#!track</c>, <c>#!serve</c>, <c>#!monitor</c>, the <c>#!mlops</c> cell kernel and the HTML formatters.</summary>
public static class MlopsMagics
{
    private static readonly Lock s_gate = new();

    /// <summary>
    /// Registers everything on <paramref name="kernel"/> (pass the root <see cref="CompositeKernel"/>). Calling it again for the same
    /// kernel does nothing, so the <see cref="MlopsKitKernelExtension"/> and an explicit call can both run.
    /// </summary>
    public static void Load(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        lock (s_gate)
        {
            if (kernel.KernelInfo.SupportedDirectives.Any(d => d.Name == TrackMagic.Name)) return;
            HtmlFormatters.Register();
            DvcMagic.Register(kernel);
            TrackMagic.Register(kernel);
            ServeMagic.Register(kernel, new RunningServers(kernel));
            MonitorMagic.Register(kernel);
            if (kernel is CompositeKernel composite && composite.FindKernelByName(MlopsCliKernel.KernelName) is null)
                composite.Add(new MlopsCliKernel());
        }
    }
}
