namespace MlopsKit.Interactive.Tests.Support;

/// <summary>Where the repository and this build's outputs are, found from the test assembly's folder (bin/&lt;configuration&gt;/net10.0).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Debug or Release).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>The built extension's private chart folder (MlopsKit, Plotly.NET and FSharp.Core 10.1).</summary>
    public static string ChartsFolder => Path.Combine(Root, "src", "MlopsKit.Interactive", "bin", Configuration, "net10.0", "mlopskit-charts");

    /// <summary>The built CLI, <c>mlops.dll</c>, which carries <c>mlops notebook run</c>.</summary>
    public static string MlopsDll => Path.Combine(Root, "src", "MlopsKit.Cli", "bin", Configuration, "net10.0", "mlops.dll");

    public static string Notebooks => Path.Combine(Root, "notebooks");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlopsKit.sln"))) return d.FullName;
        throw new InvalidOperationException("MlopsKit.sln not found above " + AppContext.BaseDirectory);
    }
}
