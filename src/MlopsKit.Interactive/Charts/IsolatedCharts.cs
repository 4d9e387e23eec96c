using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;

namespace MlopsKit.Interactive.Charts;

/// <summary>
/// MlopsKit's chart code (<c>MlopsKit.Charts.ChartBridge</c>) loaded with Plotly.NET and FSharp.Core 10.1 into a named,
/// private <see cref="AssemblyLoadContext"/>, and called by reflection with strings, numbers and arrays only.
/// </summary>
/// <remarks>
/// dotnet-interactive and dotnet-repl load FSharp.Core 10.0 into the default context at start-up, and Plotly.NET 6 needs
/// 10.1, so any Plotly.NET call in a notebook fails there. The private copies live in the <see cref="FolderName"/> folder
/// that the build and the package put next to this assembly (see Charts/IsolatedCharts.targets).
/// </remarks>
public sealed class IsolatedCharts
{
    /// <summary>The load context's name; one per process, whichever copy of this assembly creates it.</summary>
    public const string ContextName = "MlopsKit.Charts";

    /// <summary>The private folder's name: <c>bin/…/mlopskit-charts</c> after a build, <c>&lt;package root&gt;/mlopskit-charts</c> in the NuGet package.</summary>
    public const string FolderName = "mlopskit-charts";

    /// <summary>Environment variable that points at another private folder (a full path); tried first.</summary>
    public const string FolderVariable = "MLOPSKIT_CHARTS_DIR";

    private const string MainAssembly = "MlopsKit";
    private const string BridgeTypeName = "MlopsKit.Charts.ChartBridge";

    private static readonly Lazy<IsolatedCharts> s_default = new(() => Open(FindFolder()), LazyThreadSafetyMode.PublicationOnly);

    private readonly ConcurrentDictionary<string, MethodInfo> _methods = new(StringComparer.Ordinal);
    private readonly Type _bridge;

    private IsolatedCharts(AssemblyLoadContext context, Type bridge)
    {
        Context = context;
        _bridge = bridge;
        Folder = Path.GetDirectoryName(bridge.Assembly.Location) ?? "";
    }

    /// <summary>The charts loaded from the folder found by <see cref="FindFolder"/>, created on first use.</summary>
    public static IsolatedCharts Default => s_default.Value;

    /// <summary>The load context holding MlopsKit, Plotly.NET and FSharp.Core 10.1.</summary>
    public AssemblyLoadContext Context { get; }

    /// <summary>The folder the chart assemblies were loaded from.</summary>
    public string Folder { get; }

    /// <summary>
    /// The charts from <paramref name="folder"/>, in the process's <see cref="ContextName"/> context: the existing one when
    /// some copy of this assembly already created it (then that context's folder wins), a new one otherwise.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder has no MlopsKit.dll.</exception>
    public static IsolatedCharts Open(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        // `#r` can load this assembly twice (once per language kernel), so a static field of ours is not process-wide;
        // a CoreLib type object is the same in every copy, and nothing else locks on it.
#pragma warning disable CA2002 // weak identity is exactly what makes the lock process-wide
        lock (typeof(AssemblyLoadContext))
#pragma warning restore CA2002
        {
            var context = AssemblyLoadContext.All.FirstOrDefault(c => c.Name == ContextName);
            if (context is null)
            {
                var main = Path.Combine(Path.GetFullPath(folder), MainAssembly + ".dll");
                if (!File.Exists(main))
                    throw new FileNotFoundException($"The chart assemblies are missing: '{main}' does not exist. Rebuild MlopsKit.Interactive " +
                        $"(its build publishes them into '{FolderName}' beside the dll), or set {FolderVariable} to such a folder.", main);
                context = new ChartsLoadContext(ContextName, Path.GetDirectoryName(main)!, main);
            }
            var assembly = context.LoadFromAssemblyName(new AssemblyName(MainAssembly));
            var bridge = assembly.GetType(BridgeTypeName, throwOnError: true)!;
            return new IsolatedCharts(context, bridge);
        }
    }

    /// <summary>
    /// The private folder: <see cref="FolderVariable"/> when set, else the first of <c>&lt;this dll's folder&gt;/mlopskit-charts</c>
    /// (build output) and <c>&lt;this dll's folder&gt;/../../mlopskit-charts</c> (package root, from both <c>lib/net10.0</c> and
    /// <c>interactive-extensions/dotnet</c>) that has MlopsKit.dll.
    /// </summary>
    /// <exception cref="FileNotFoundException">No candidate has MlopsKit.dll; the message lists the places tried.</exception>
    public static string FindFolder()
    {
        var fromEnv = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
            return File.Exists(Path.Combine(fromEnv, MainAssembly + ".dll")) ? fromEnv
                : throw new FileNotFoundException($"{FolderVariable} is '{fromEnv}', which has no {MainAssembly}.dll; point it at a built '{FolderName}' folder, or unset it.");
        var here = Path.GetDirectoryName(typeof(IsolatedCharts).Assembly.Location) ?? AppContext.BaseDirectory;
        string[] candidates = [Path.Combine(here, FolderName), Path.GetFullPath(Path.Combine(here, "..", "..", FolderName))];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, MainAssembly + ".dll")))
            ?? throw new FileNotFoundException($"The chart assemblies are missing: none of {string.Join(", ", candidates.Select(c => $"'{c}'"))} has {MainAssembly}.dll. " +
                $"Rebuild MlopsKit.Interactive, reinstall its package, or set {FolderVariable}.");
    }

    /// <summary>Calls a public static method of ChartBridge that returns a string.</summary>
    /// <exception cref="MissingMethodException">ChartBridge has no such method (the folder holds another MlopsKit version).</exception>
    public string Call(string method, Type[] parameterTypes, params object?[] arguments)
    {
        var result = Invoke(method, parameterTypes, arguments);
        return result as string ?? throw new InvalidOperationException($"ChartBridge.{method} returned {result?.GetType().Name ?? "null"}, not a string.");
    }

    /// <summary>Calls a public static method of ChartBridge that returns <c>Task&lt;string&gt;</c>.</summary>
    /// <exception cref="MissingMethodException">ChartBridge has no such method (the folder holds another MlopsKit version).</exception>
    public async Task<string> CallAsync(string method, Type[] parameterTypes, params object?[] arguments)
    {
        if (Invoke(method, parameterTypes, arguments) is not Task<string> task)
            throw new InvalidOperationException($"ChartBridge.{method} does not return Task<string>.");
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (FromContext(ex))
        {
            throw Translate(ex);
        }
    }

    private object? Invoke(string method, Type[] parameterTypes, object?[] arguments)
    {
        var key = method + "(" + string.Join(",", parameterTypes.Select(t => t.FullName)) + ")";
        var info = _methods.GetOrAdd(key, _ => _bridge.GetMethod(method, BindingFlags.Public | BindingFlags.Static, parameterTypes)
            ?? throw new MissingMethodException($"{BridgeTypeName}.{key} does not exist in '{_bridge.Assembly.Location}'; the charts folder holds another MlopsKit version. Rebuild MlopsKit.Interactive."));
        try
        {
            return info.Invoke(null, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            if (FromContext(ex.InnerException)) throw Translate(ex.InnerException);
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;   // not reached
        }
    }

    private bool FromContext(Exception ex) => AssemblyLoadContext.GetLoadContext(ex.GetType().Assembly) == Context;

    /// <summary>
    /// An MlopsKit exception thrown inside the context is a type the notebook's code cannot catch (the default context has
    /// its own MlopsKit); rebuild it as the default context's type of the same name, with the same message.
    /// </summary>
    private static Exception Translate(Exception inner)
    {
        var type = typeof(MlopsException).Assembly.GetType(inner.GetType().FullName ?? "");
        if (type is not null && typeof(MlopsException).IsAssignableFrom(type))
        {
            if (type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner) return (Exception)withInner.Invoke([inner.Message, inner]);
            if (type.GetConstructor([typeof(string)]) is { } plain) return (Exception)plain.Invoke([inner.Message]);
        }
        return new InvalidOperationException(inner.Message, inner);
    }
}
