using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MlopsKit.Kubernetes;
using MlopsKit.Monitoring;
using MlopsKit.Tests.Monitoring;
using MlopsKit.Tests.Support;
using MlopsKit.Yaml;

namespace MlopsKit.Tests.Kubernetes;

/// <summary>
/// <see cref="KubernetesManifests.Write"/> read back without a cluster: Deployment, Service and ConfigMap through the KubernetesClient
/// typed models, the custom resources field by field (monitoring.md §6), the PrometheusRule through the real promtool.
/// </summary>
public sealed class KubernetesManifestsTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-k8s");

    public KubernetesManifestsTests()
    {
        Directory.CreateDirectory(_dir["iris"]);
        File.WriteAllText(_dir["iris/MLmodel"], "flavors:\n  mlnet: {}\n");
        File.WriteAllText(_dir["iris/model.zip"], "weights");
    }

    public void Dispose() => _dir.Dispose();

    private KubernetesOptions Options => new() { ModelPath = _dir["iris"], Image = "registry.example.com/models/iris:3", ModelVersion = "3" };

    private string Out(string file) => _dir[Path.Combine("k8s", file)];

    private string Write(KubernetesOptions? options = null)
    {
        KubernetesManifests.Write(_dir["k8s"], options ?? Options);
        return _dir["k8s"];
    }

    [Fact]
    public void Every_file_is_written_and_the_model_is_copied_beside_the_dockerfile()
    {
        var written = KubernetesManifests.Write(_dir["k8s"], Options);

        Assert.Equal(KubernetesManifests.Files.Select(Out), written);
        foreach (var file in written) Assert.True(new FileInfo(file).Length > 0, file);
        Assert.Equal("weights", File.ReadAllText(Out("model/model.zip")));
        Assert.True(File.Exists(Out("model/MLmodel")));
        Assert.True(Directory.Exists(Out("nupkg")));
    }

    [Fact]
    public void The_deployment_and_service_round_trip_through_the_typed_models_and_select_the_same_pods()
    {
        Write();

        var deployment = KubernetesYaml.Deserialize<V1Deployment>(File.ReadAllText(Out("deployment.yaml")), strict: true);
        var service = KubernetesYaml.Deserialize<V1Service>(File.ReadAllText(Out("service.yaml")), strict: true);

        Assert.Equal(("apps/v1", "Deployment", "iris", "models"), (deployment.ApiVersion, deployment.Kind, deployment.Metadata.Name, deployment.Metadata.NamespaceProperty));
        Assert.Equal(("v1", "Service", "iris", "models"), (service.ApiVersion, service.Kind, service.Metadata.Name, service.Metadata.NamespaceProperty));
        Assert.Equal(2, deployment.Spec.Replicas);
        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.Equal("model-server", podLabels["app"]);
        Assert.Equal("iris", podLabels["model"]);
        Assert.Equal("3", podLabels["version"]);
        Assert.Equal(podLabels, deployment.Metadata.Labels);
        Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, podLabels[l.Key]));
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("registry.example.com/models/iris:3", container.Image);
        Assert.Equal(["--name", "iris", "--model-version", "3", "--port", "8080"], container.Args);
        var containerPort = Assert.Single(container.Ports);
        Assert.Equal(("http", 8080), (containerPort.Name, containerPort.ContainerPort));
        var servicePort = Assert.Single(service.Spec.Ports);
        Assert.Equal(("http", 8080, "http"), (servicePort.Name, servicePort.Port, servicePort.TargetPort.Value));
        Assert.Equal(("/v2/health/ready", "http"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.Equal(("/v2/health/live", "http"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
        Assert.Equal("250m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("1Gi", container.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public void The_dashboard_configmap_carries_the_sidecar_label_and_exactly_the_generated_dashboard()
    {
        var options = Options with { Monitoring = new MonitoringOptions { InFlightMax = 7, PsiAlert = 0.4 } };
        Write(options);

        var text = File.ReadAllText(Out("grafana-dashboard-configmap.yaml"));
        var map = KubernetesYaml.Deserialize<V1ConfigMap>(text, strict: true);

        Assert.Equal(("v1", "ConfigMap", "monitoring"), (map.ApiVersion, map.Kind, map.Metadata.NamespaceProperty));
        Assert.Equal("1", map.Metadata.Labels["grafana_dashboard"]);
        var json = Assert.Single(map.Data);
        Assert.EndsWith(".json", json.Key, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(GrafanaDashboard.Build(options.Monitoring), JsonNode.Parse(json.Value)), json.Value);
        Assert.Contains($"{json.Key}: |\n    {{\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_monitor_selects_the_service_by_its_labels_and_names_its_port()
    {
        Write(Options with { Release = "prom", Monitoring = new MonitoringOptions { ScrapeInterval = TimeSpan.FromSeconds(30) } });

        var service = KubernetesYaml.Deserialize<V1Service>(File.ReadAllText(Out("service.yaml")), strict: true);
        var monitor = Read("service-monitor.yaml");

        Assert.Equal("monitoring.coreos.com/v1", Text(monitor, "apiVersion"));
        Assert.Equal("ServiceMonitor", Text(monitor, "kind"));
        Assert.Equal("models", Text(monitor, "metadata", "namespace"));
        Assert.Equal("prom", Text(monitor, "metadata", "labels", "release"));
        var selector = Map(monitor, "spec", "selector", "matchLabels");
        Assert.NotEmpty(selector.Entries);
        foreach (var (key, value) in selector.Entries) Assert.Equal(service.Metadata.Labels[key], ((YamlScalar)value).Value);
        Assert.Equal(["models"], Seq(monitor, "spec", "namespaceSelector", "matchNames").Items.Select(i => ((YamlScalar)i).Value));
        var endpoint = (YamlMapping)Assert.Single(Seq(monitor, "spec", "endpoints").Items);
        Assert.Contains(Text(endpoint, "port"), service.Spec.Ports.Select(p => p.Name));
        Assert.Equal("/metrics", Text(endpoint, "path"));
        Assert.Equal("30s", Text(endpoint, "interval"));
        // The job label comes from the Service's app label, so the rules' job="model-server" selects these targets.
        Assert.Equal("model-server", service.Metadata.Labels[Text(monitor, "spec", "jobLabel")]);
        Assert.Contains("up{job=\"model-server\"}", File.ReadAllText(Out("prometheus-rule.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_prometheus_rule_spec_is_the_stack_rule_file_and_promtool_accepts_it()
    {
        var monitoring = new MonitoringOptions { ErrorRatio = 0.1, PsiAlert = 0.3 };
        Write(Options with { Release = "prom", Monitoring = monitoring });
        MonitoringStack.Write(_dir["stack"], monitoring);

        var rule = Read("prometheus-rule.yaml");
        File.WriteAllText(_dir["extracted.rules.yml"], YamlWriter.Write(Map(rule, "spec")));
        var check = PromTools.Promtool(_dir.Path, "check", "rules", "extracted.rules.yml");

        Assert.Equal("monitoring.coreos.com/v1", Text(rule, "apiVersion"));
        Assert.Equal("PrometheusRule", Text(rule, "kind"));
        Assert.Equal("prom", Text(rule, "metadata", "labels", "release"));
        Assert.Equal(File.ReadAllText(_dir["stack/rules/mlops.rules.yml"]), File.ReadAllText(_dir["extracted.rules.yml"]));
        Assert.True(check.ExitCode == 0, check.ToString());
        var ruleCount = File.ReadAllLines(_dir["stack/rules/mlops.rules.yml"]).Count(l => l.TrimStart().StartsWith("- record:", StringComparison.Ordinal) || l.TrimStart().StartsWith("- alert:", StringComparison.Ordinal));
        Assert.Contains($"{ruleCount} rules found", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seldon_deployment_runs_the_image_as_a_rest_model_on_the_port_seldon_calls()
    {
        Write();

        var seldon = Read("seldon-deployment.yaml");
        var predictor = (YamlMapping)Assert.Single(Seq(seldon, "spec", "predictors").Items);
        var componentSpec = (YamlMapping)Assert.Single(Seq(predictor, "componentSpecs").Items);
        var container = KubernetesYaml.Deserialize<V1Container>(YamlWriter.Write(Assert.Single(Seq(componentSpec, "spec", "containers").Items)), strict: true);

        Assert.Equal("machinelearning.seldon.io/v1", Text(seldon, "apiVersion"));
        Assert.Equal("SeldonDeployment", Text(seldon, "kind"));
        Assert.Equal(("iris", "models"), (Text(seldon, "metadata", "name"), Text(seldon, "metadata", "namespace")));
        Assert.Equal("2", Text(predictor, "replicas"));
        Assert.Equal(container.Name, Text(predictor, "graph", "name"));
        Assert.Equal("MODEL", Text(predictor, "graph", "type"));
        Assert.Equal("REST", Text(predictor, "graph", "endpoint", "type"));
        Assert.Equal("9000", Text(predictor, "graph", "endpoint", "httpPort"));
        Assert.Equal("registry.example.com/models/iris:3", container.Image);
        var port = Assert.Single(container.Ports);
        Assert.Equal(("http", 9000), (port.Name, port.ContainerPort));
        Assert.Equal(["--name", "iris", "--model-version", "3", "--port", "9000"], container.Args);
    }

    [Fact]
    public void The_inference_service_runs_the_image_as_a_custom_v2_predictor_on_the_server_port()
    {
        Write(Options with { Port = 8081 });

        var service = Read("inference-service.yaml");
        var container = KubernetesYaml.Deserialize<V1Container>(YamlWriter.Write(Assert.Single(Seq(service, "spec", "predictor", "containers").Items)), strict: true);

        Assert.Equal("serving.kserve.io/v1beta1", Text(service, "apiVersion"));
        Assert.Equal("InferenceService", Text(service, "kind"));
        Assert.Equal("2", Text(service, "spec", "predictor", "minReplicas"));
        Assert.Equal("kserve-container", container.Name);
        Assert.Equal("registry.example.com/models/iris:3", container.Image);
        Assert.Equal("v2", Assert.Single(container.Env, e => e.Name == "PROTOCOL").Value);
        var port = Assert.Single(container.Ports);
        Assert.Equal(("http1", 8081), (port.Name, port.ContainerPort));
        Assert.Equal(["--name", "iris", "--model-version", "3", "--port", "8081"], container.Args);
        Assert.Equal("/v2/health/ready", container.ReadinessProbe.HttpGet.Path);
    }

    [Fact]
    public void The_kustomization_lists_the_plain_manifests_that_exist()
    {
        Write();

        var resources = Seq(Read("kustomization.yaml"), "resources").Items.Select(i => ((YamlScalar)i).Value).ToList();

        Assert.Equal(["deployment.yaml", "service.yaml", "service-monitor.yaml", "prometheus-rule.yaml", "grafana-dashboard-configmap.yaml"], resources);
        Assert.All(resources, r => Assert.True(File.Exists(Out(r)), r));
    }

    [Fact]
    public void The_dockerfile_installs_the_packed_tool_and_serves_the_copied_model_on_the_port()
    {
        Write(Options with { Port = 8081 });

        var lines = File.ReadAllLines(Out("Dockerfile"));
        var csproj = File.ReadAllText(Path.Combine(RepoRoot(), "src", "MlopsKit.Cli", "MlopsKit.Cli.csproj"));

        Assert.StartsWith("# Build", lines[0], StringComparison.Ordinal);
        Assert.Contains("./build.sh install", lines[0], StringComparison.Ordinal);
        Assert.Contains("docker build -t registry.example.com/models/iris:3 .", lines[0], StringComparison.Ordinal);
        Assert.Contains("<PackageId>MlopsKit.Cli</PackageId>", csproj, StringComparison.Ordinal);
        Assert.Contains("<ToolCommandName>mlops</ToolCommandName>", csproj, StringComparison.Ordinal);
        Assert.Contains("RUN dotnet tool install MlopsKit.Cli --tool-path /opt/mlops --add-source /nupkg", lines);
        Assert.Contains("COPY model/ /model/", lines);
        Assert.Contains("ENTRYPOINT [\"/opt/mlops/mlops\",\"models\",\"serve\",\"-m\",\"/model\",\"--host\",\"0.0.0.0\"]", lines);
        Assert.Contains("CMD [\"--port\",\"8081\"]", lines);
        Assert.Contains("EXPOSE 8081", lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_model_folder_that_does_not_exist_is_not_found()
    {
        var e = Assert.Throws<NotFoundException>(() => KubernetesManifests.Write(_dir["k8s"], new KubernetesOptions { ModelPath = _dir["missing"] }));

        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir["k8s"]));
    }

    [Fact]
    public void A_folder_without_mlmodel_is_refused()
    {
        Directory.CreateDirectory(_dir["empty"]);

        var e = Assert.Throws<ConfigException>(() => KubernetesManifests.Write(_dir["k8s"], new KubernetesOptions { ModelPath = _dir["empty"] }));

        Assert.Contains("MLmodel", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Iris_Model")]
    [InlineData("9iris")]
    public void A_name_that_is_not_a_kubernetes_name_is_refused(string name)
    {
        var e = Assert.Throws<ConfigException>(() => KubernetesManifests.Write(_dir["k8s"], Options with { ModelName = name }));

        Assert.Contains("--name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_name_comes_from_the_model_folder_lower_cased()
    {
        Directory.CreateDirectory(_dir["My_Model"]);
        File.WriteAllText(_dir["My_Model/MLmodel"], "flavors: {}\n");

        KubernetesManifests.Write(_dir["k8s"], new KubernetesOptions { ModelPath = _dir["My_Model"] });

        var deployment = KubernetesYaml.Deserialize<V1Deployment>(File.ReadAllText(Out("deployment.yaml")));
        Assert.Equal("my-model", deployment.Metadata.Name);
        Assert.Equal("mlopskit/my-model-server:1", deployment.Spec.Template.Spec.Containers[0].Image);
    }

    private YamlMapping Read(string file) => (YamlMapping)YamlReader.Parse(File.ReadAllText(Out(file)))!;

    private static YamlMapping Map(YamlMapping root, params string[] path) => (YamlMapping)Node(root, path);

    private static YamlSequence Seq(YamlMapping root, params string[] path) => (YamlSequence)Node(root, path);

    private static string Text(YamlMapping root, params string[] path) => ((YamlScalar)Node(root, path)).Value;

    private static YamlNode Node(YamlMapping root, string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
            node = ((YamlMapping)node)[key] ?? throw new Xunit.Sdk.XunitException($"no '{key}' in {string.Join('.', path)}");
        return node;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsKit.sln"))) return dir.FullName;
        throw new InvalidOperationException("MlopsKit.sln not found above the test binaries.");
    }
}
