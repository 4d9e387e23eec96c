using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Kubernetes;

/// <summary>The same image under Seldon Core v1 (<c>seldon-deployment.yaml</c>) and KServe (<c>inference-service.yaml</c>).</summary>
internal static class ServingResources
{
    /// <summary>
    /// Seldon's operator gives the first model container port 9000 and its executor calls <c>POST /predict</c> there with the
    /// SeldonMessage the client sent to <c>/seldon/&lt;ns&gt;/&lt;name&gt;/api/v1.0/predictions</c>; our server answers both routes.
    /// </summary>
    public const int SeldonPort = 9000;

    /// <summary>KServe's predictor container; Knative only accepts the port names <c>http1</c> and <c>h2c</c>.</summary>
    public const string KServeContainer = "kserve-container";
    public const string KServePortName = "http1";

    public static YamlNode SeldonDeployment(KubernetesOptions o) => Map(
        ("apiVersion", S("machinelearning.seldon.io/v1")),
        ("kind", S("SeldonDeployment")),
        ("metadata", Workload.Metadata(o, o.ModelName!, o.Namespace, Workload.Labels(o))),
        ("spec", Map(
            ("name", S(o.ModelName!)),
            ("protocol", S("seldon")),
            ("predictors", Seq(Map(
                ("name", S("default")),
                ("replicas", YamlWriter.Number(o.Replicas)),
                ("labels", Map(("version", S(o.ModelVersion)))),
                ("componentSpecs", Seq(Map(("spec", Map(("containers", Seq(
                    // The operator keeps a container port named "http" as the unit's port instead of assigning one.
                    Workload.Container(o, o.ModelName!, SeldonPort, Workload.PortName, S(Workload.PortName))))))))),
                ("graph", Map(
                    ("name", S(o.ModelName!)),
                    ("type", S("MODEL")),
                    ("endpoint", Map(("type", S("REST")), ("httpPort", YamlWriter.Number(SeldonPort)))),
                    ("children", new YamlSequence())))))))));

    public static YamlNode InferenceService(KubernetesOptions o) => Map(
        ("apiVersion", S("serving.kserve.io/v1beta1")),
        ("kind", S("InferenceService")),
        ("metadata", Workload.Metadata(o, o.ModelName!, o.Namespace, Workload.Labels(o))),
        ("spec", Map(("predictor", Map(
            ("minReplicas", YamlWriter.Number(o.Replicas)),
            // protocolVersion belongs to the model/framework predictor specs; a custom container declares its protocol with PROTOCOL.
            ("containers", Seq(Workload.Container(o, KServeContainer, o.Port, KServePortName, YamlWriter.Number(o.Port), ("PROTOCOL", "v2")))))))));
}
