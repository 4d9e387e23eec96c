using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace MlopsKit.Notebooks;

/// <summary>Builds the kernel the runner submits cells to: C# with #r "nuget:", kernel helpers, value sharing and extension loading.</summary>
internal static class NotebookKernel
{
    public static CompositeKernel Create()
    {
        // Return values and displays carry text/plain beside text/html, so executed notebooks diff as text and the HTML report has a fallback.
        Formatter.SetPreferredMimeTypesFor(typeof(object), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        var csharp = new CSharpKernel()
            .UseNugetDirective((k, refs) =>
            {
                k.AddAssemblyReferences(refs.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();
        var kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = NotebookFile.CSharp;
        LoadExtensionsFromPackages(kernel);
        return kernel;
    }

    /// <summary>
    /// Compiles later submissions with debug information, so exceptions carry file and line. The kernel keeps its script options
    /// private; when a kernel version renames the field this quietly does nothing and errors name the file without a line.
    /// </summary>
    public static void EmitLineNumbers(CSharpKernel csharp)
    {
        var field = typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(csharp) is ScriptOptions options)
            field.SetValue(csharp, options.WithEmitDebugInformation(true));
    }

    /// <summary>
    /// What the dotnet-interactive tool does and a bare CompositeKernel does not: after '#r "nuget:"' adds a package,
    /// run the IKernelExtension types in its interactive-extensions/dotnet folder, then its extension.dib if present.
    /// </summary>
    private static void LoadExtensionsFromPackages(CompositeKernel kernel)
    {
        var pending = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var subscription = kernel.KernelEvents.OfType<PackageAdded>().Subscribe(p =>
        {
            if (p.PackageReference.PackageRoot is { Length: > 0 } root && seen.TryAdd(root, true)) pending.Enqueue(root);
        });
        kernel.RegisterForDisposal(subscription);
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context).ConfigureAwait(false);
            while (pending.TryDequeue(out var root))
            {
                var dir = Path.Combine(root, "interactive-extensions", "dotnet");
                if (!Directory.Exists(dir)) continue;
                foreach (var dll in Directory.GetFiles(dir, "*.dll"))
                    foreach (var type in AssemblyLoadContext.Default.LoadFromAssemblyPath(dll).ExportedTypes
                                 .Where(t => t.IsClass && !t.IsAbstract && typeof(IKernelExtension).IsAssignableFrom(t)))
                        await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(kernel).ConfigureAwait(false);
                var dib = new FileInfo(Path.Combine(dir, "extension.dib"));
                if (dib.Exists) await kernel.LoadAndRunInteractiveDocument(dib, command).ConfigureAwait(false);
            }
        });
    }
}
