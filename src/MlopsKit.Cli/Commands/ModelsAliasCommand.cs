using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops models alias</c>: points an alias (<c>models:/&lt;name&gt;@&lt;alias&gt;</c>) at a model version.</summary>
public static class ModelsAliasCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = ModelsCommand.NameOption();
        var alias = new Option<string>("--alias", "-a") { Description = "Alias: letters, digits, '_' or '-'; not 'latest' or v<number>.", Required = true };
        var version = ModelsCommand.VersionOption();
        var trackingUri = ModelsCommand.TrackingUriOption();
        var cmd = new Command("alias", "Point an alias at a model version (re-pointing it if it is set), for models:/<name>@<alias>.") { name, alias, version, trackingUri };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(trackingUri), mustExist: true);
            await store.SetRegisteredModelAliasAsync(p.GetValue(name)!, p.GetValue(alias)!, p.GetValue(version), ct);
            if (!p.GetValue(GlobalOptions.Quiet))
                Console.WriteLine($"Alias '{p.GetValue(alias)}' of model '{p.GetValue(name)}' now points to version {p.GetValue(version)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
