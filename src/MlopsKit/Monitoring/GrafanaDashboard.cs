using System.Text.Json.Nodes;
using static MlopsKit.Monitoring.YamlBuild;

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
            Panel(8, "timeseries", "Feature drift: PSI per feature", 0, 24, 12, 8, "short",
                ($"max by (model, feature) ({AlertRules.PsiGauge}{{{Sel}}})", "{{model}} {{feature}}"),
                ($"{AlertRules.Psi}{{{Sel}}}", "{{model}} {{feature}} (1h, all replicas)")),
            Panel(9, "timeseries", "Feature drift: KS statistic per numeric feature", 12, 24, 12, 8, "short",
                ($"max by (model, feature) ({AlertRules.KsGauge}{{{Sel}}})", "{{model}} {{feature}}")),
        };
        ((JsonObject)panels[4]!)["fieldConfig"]!["defaults"]!.AsObject()["max"] = o.InFlightMax;
        ((JsonObject)panels[4]!)["fieldConfig"]!["defaults"]!.AsObject()["thresholds"] = Thresholds(o.InFlightMax);
        ((JsonObject)panels[3]!)["fieldConfig"]!["defaults"]!.AsObject()["thresholds"] = Thresholds(o.ErrorRatio);
        var psi = ((JsonObject)panels[7]!)["fieldConfig"]!["defaults"]!.AsObject();
        psi["min"] = 0;
        psi["thresholds"] = Thresholds(o.PsiAlert, o.PsiWatch);
        psi["custom"] = new JsonObject { ["thresholdsStyle"] = new JsonObject { ["mode"] = "line" } };
        ((JsonObject)panels[7]!)["description"] = "model_feature_psi of each server's last N served rows (what the alerts read), beside the PSI of the "
            + $"last hour of all replicas from the bin counters. Below {Num(o.PsiWatch)}: no significant shift; up to {Num(o.PsiAlert)}: moderate; above: significant.";
        var ks = ((JsonObject)panels[8]!)["fieldConfig"]!["defaults"]!.AsObject();
        ks["min"] = 0;
        ks["max"] = 1;
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

    private static JsonObject Thresholds(double red, double? orange = null)
    {
        var steps = new JsonArray(new JsonObject { ["color"] = "green", ["value"] = null });
        if (orange is { } o) steps.Add(new JsonObject { ["color"] = "orange", ["value"] = o });
        steps.Add(new JsonObject { ["color"] = "red", ["value"] = red });
        return new JsonObject { ["mode"] = "absolute", ["steps"] = steps };
    }

    private static JsonObject Datasource() => new() { ["type"] = "prometheus", ["uid"] = DatasourceUid };
}
