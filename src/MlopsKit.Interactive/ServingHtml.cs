using MlopsKit.Serving;

namespace MlopsKit.Interactive;

/// <summary>HTML for a running model server: the model, its base URL and the protocol routes.</summary>
internal static class ServingHtml
{
    public static string Server(ModelServer server)
    {
        var m = server.Model;
        var url = server.BaseAddress.ToString().TrimEnd('/');
        var title = $"Serving '{m.Name}' version {m.Version}{(m.RunId is null ? "" : $" (run {m.RunId})")} on {url}";
        return "<div class=\"mlopskit-server\">" + Html.Paragraph(title) + Html.Table(["protocol", "method", "url"],
        [
            ["MLflow", "POST", url + "/invocations"],
            ["Flask", "POST", url + "/predict"],
            ["Seldon v1", "POST", url + "/api/v1.0/predictions"],
            ["Open Inference", "POST", $"{url}/v2/models/{m.Name}/infer"],
            ["metrics", "GET", url + "/metrics"],
        ]) + Html.Paragraph($"Stop it with #!serve --stop --port {server.BaseAddress.Port}") + "</div>";
    }
}
