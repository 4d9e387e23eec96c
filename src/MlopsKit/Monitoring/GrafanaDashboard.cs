using System.Text.Json.Nodes;

namespace MlopsKit.Monitoring;

/// <summary>The golden-signals dashboard <c>grafana/dashboards/mlops-golden-signals.json</c> (Grafana JSON model, schemaVersion 42).</summary>
internal static class GrafanaDashboard
{
    public const string DatasourceUid = "prometheus";
    public const string Uid = "mlops-golden-signals";

    private const string Sel = "model=~\"$model\"";

    public static JsonObject Build(MonitoringOptions o)
    {
        var panels = new JsonArray
        {
            Panel(1, "timeseries", "Latency p50 / p99", 0, 0, 12, 8, "s",
                ($"{AlertRules.LatencyP50}{{{Sel}}}", "p50 {{model}}"), ($"{AlertRules.LatencyP99}{{{Sel}}}", "p99 {{model}}")),
            Panel(2, "timeseries", "Traffic (req/s)", 12, 0, 12, 8, "reqps",
                ($"{AlertRules.RequestRate}{{{Sel}}}", "{{model}}")),
            Panel(3, "timeseries", "Errors by code (req/s)", 0, 8, 12, 8, "reqps",
                ($"sum by (code) (rate(model_requests_total{{{Sel},code=~\"[45]..\"}}[5m]))", "{{code}}")),
            Panel(4, "timeseries", "Error ratio (5xx, 5m)", 12, 8, 12, 8, "percentunit",
                ($"{AlertRules.ErrorRatio}{{{Sel}}}", "{{model}}")),
            Panel(5, "gauge", "Saturation: requests in flight", 0, 16, 8, 8, "short",
                ($"{AlertRules.InFlight}{{{Sel}}}", "{{model}}")),
            Panel(6, "timeseries", "Predictions by class (rows/s)", 8, 16, 8, 8, "short",
                ($"sum by (class) (rate(model_predicted_class_total{{{Sel}}}[5m]))", "{{class}}")),
            Panel(7, "table", "Model info", 16, 16, 8, 8, "short",
                ("model_info{model_name=~\"$model\"}", "{{model_name}} v{{model_version}}")),
            Panel(8, "timeseries", "Feature drift (PSI)", 0, 24, 24, 8, "short",
                ($"{AlertRules.Psi}{{{Sel}}}", "{{feature}}")),
        };
        ((JsonObject)panels[4]!)["fieldConfig"]!["defaults"]!.AsObject()["max"] = o.InFlightMax;
        ((JsonObject)panels[4]!)["fieldConfig"]!["defaults"]!.AsObject()["thresholds"] = Thresholds(o.InFlightMax);
        ((JsonObject)panels[3]!)["fieldConfig"]!["defaults"]!.AsObject()["thresholds"] = Thresholds(o.ErrorRatio);
        ((JsonObject)panels[7]!)["fieldConfig"]!["defaults"]!.AsObject()["thresholds"] = Thresholds(o.PsiAlert);
        ((JsonObject)panels[6]!)["targets"]![0]!.AsObject()["format"] = "table";
        ((JsonObject)panels[6]!)["targets"]![0]!.AsObject()["instant"] = true;

        return new JsonObject
        {
            ["uid"] = Uid,
            ["title"] = "MLOps model server - golden signals",
            ["tags"] = new JsonArray("mlops", "model-server"),
            ["schemaVersion"] = 42,
            ["version"] = 1,
            ["editable"] = true,
            ["time"] = new JsonObject { ["from"] = "now-1h", ["to"] = "now" },
            ["refresh"] = "30s",
            ["timezone"] = "browser",
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject
                {
                    ["name"] = "model",
                    ["type"] = "query",
                    ["label"] = "Model",
                    ["datasource"] = Datasource(),
                    ["query"] = "label_values(model_requests_total, model)",
                    ["refresh"] = 1,
                    ["includeAll"] = true,
                    ["multi"] = true,
                }),
            },
            ["panels"] = panels,
        };
    }

    private static JsonObject Panel(int id, string type, string title, int x, int y, int w, int h, string unit, params (string Expr, string Legend)[] queries)
    {
        var targets = new JsonArray();
        for (var i = 0; i < queries.Length; i++)
            targets.Add(new JsonObject
            {
                ["refId"] = ((char)('A' + i)).ToString(),
                ["datasource"] = Datasource(),
                ["expr"] = queries[i].Expr,
                ["legendFormat"] = queries[i].Legend,
            });
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["title"] = title,
            ["gridPos"] = new JsonObject { ["h"] = h, ["w"] = w, ["x"] = x, ["y"] = y },
            ["datasource"] = Datasource(),
            ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = unit }, ["overrides"] = new JsonArray() },
            ["options"] = new JsonObject(),
            ["targets"] = targets,
        };
    }

    private static JsonObject Thresholds(double red) => new()
    {
        ["mode"] = "absolute",
        ["steps"] = new JsonArray(
            new JsonObject { ["color"] = "green", ["value"] = null },
            new JsonObject { ["color"] = "red", ["value"] = red }),
    };

    private static JsonObject Datasource() => new() { ["type"] = "prometheus", ["uid"] = DatasourceUid };
}
