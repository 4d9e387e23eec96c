using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>--view active_only|deleted_only|all</c>, MLflow's view types, for the list commands.</summary>
public static class ViewTypeOption
{
    /// <summary>A new <c>--view</c> option (one per command) that parses to a <see cref="ViewType"/>; when absent its value is default(ViewType), active_only.</summary>
    public static Option<ViewType> Create(string what)
    {
        var option = new Option<ViewType>("--view")
        {
            Description = $"Which {what} to list: active_only (default), deleted_only or all.",
            CustomParser = Parse,
            HelpName = "active_only|deleted_only|all",
        };
        return option;
    }

    private static ViewType Parse(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        switch (text.ToUpperInvariant())
        {
            case "ACTIVE_ONLY": return ViewType.ActiveOnly;
            case "DELETED_ONLY": return ViewType.DeletedOnly;
            case "ALL": return ViewType.All;
            default:
                result.AddError($"--view must be active_only, deleted_only or all, not '{text}'.");
                return ViewType.ActiveOnly;
        }
    }
}
