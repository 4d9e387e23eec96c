using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Builds Plotly.NET charts from plotly.js attribute names, which C# can set without F# optional arguments.</summary>
internal static class Figure
{
    /// <summary>Default chart width in pixels: two fit side by side on a 1500-pixel page.</summary>
    public const int Width = 720;
    /// <summary>Default chart height in pixels.</summary>
    public const int Height = 480;

    /// <summary>A plotly.js object (trace part, axis, title) from name/value pairs; null values are skipped.</summary>
    public static DynamicObj.DynamicObj Obj(params (string Name, object? Value)[] properties)
    {
        var obj = new DynamicObj.DynamicObj();
        Set(obj, properties);
        return obj;
    }

    /// <summary>Sets plotly.js attributes on a trace or layout; null values are skipped.</summary>
    public static T Set<T>(T target, params (string Name, object? Value)[] properties) where T : DynamicObj.DynamicObj
    {
        foreach (var (name, value) in properties)
            if (value is not null) target.SetProperty(name, value);
        return target;
    }

    /// <summary>A plotly.js title object; a note goes on a second, smaller line.</summary>
    public static DynamicObj.DynamicObj Title(string text, string? note = null) =>
        Obj(("text", note is null ? text : $"{text}<br><sup>{note}</sup>"));

    /// <summary>One chart from traces and a layout, with Plotly.NET's default template and our default size.</summary>
    public static GenericChart Chart(IReadOnlyList<Trace> traces, Layout layout)
    {
        var chart = traces.Count == 1
            ? GenericChart.ofTraceObject(true, traces[0])
            : GenericChart.combine(traces.Select(t => GenericChart.ofTraceObject(true, t)));
        Set(layout, ("width", Width), ("height", Height));
        return GenericChart.addLayout(layout, chart);
    }

    /// <summary>A layout with a title, axis titles and axis types (<c>linear</c>, <c>category</c>).</summary>
    public static Layout Layout(DynamicObj.DynamicObj title, string? xTitle = null, string? yTitle = null, string? xType = null, string? yType = null)
    {
        var layout = Set(new Layout(), ("title", title));
        if (xTitle is not null || xType is not null) layout.SetProperty("xaxis", Obj(("title", xTitle is null ? null : Obj(("text", xTitle))), ("type", xType), ("automargin", true)));
        if (yTitle is not null || yType is not null) layout.SetProperty("yaxis", Obj(("title", yTitle is null ? null : Obj(("text", yTitle))), ("type", yType), ("automargin", true)));
        return layout;
    }
}
