using System.Reflection;
using System.Runtime.Loader;

namespace MlopsKit.Interactive.Charts;

/// <summary>The load context that holds MlopsKit, Plotly.NET and FSharp.Core 10.1 from the private charts folder.</summary>
/// <remarks>
/// Assemblies listed in <c>MlopsKit.deps.json</c> (or, without one, lying in the folder) load from the folder, whatever the
/// host already has; everything else (the framework) falls back to the default context, so BCL types such as string and
/// Task are shared across the boundary. Not collectible: Plotly.NET and F# keep static caches for the process's lifetime.
/// </remarks>
internal sealed class ChartsLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver? _resolver;
    private readonly string _folder;

    public ChartsLoadContext(string name, string folder, string mainAssemblyPath) : base(name, isCollectible: false)
    {
        _folder = folder;
        // The resolver reads <main>.deps.json; without that file it would only know the main assembly, so probe the folder instead.
        if (File.Exists(Path.ChangeExtension(mainAssemblyPath, ".deps.json"))) _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = _resolver?.ResolveAssemblyToPath(assemblyName) ?? Probe(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private string? Probe(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { Length: > 0 } name) return null;
        var path = Path.Combine(_folder, name + ".dll");
        return File.Exists(path) ? path : null;
    }
}
