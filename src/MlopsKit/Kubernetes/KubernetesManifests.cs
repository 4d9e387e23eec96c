using System.Text;
using System.Text.RegularExpressions;
using MlopsKit.Monitoring;
using MlopsKit.Yaml;

namespace MlopsKit.Kubernetes;

/// <summary>Generates a model server image and its Kubernetes manifests: Deployment + Service, or a SeldonDeployment or KServe InferenceService, plus Prometheus Operator and Grafana resources (<c>mlops k8s manifests</c>).</summary>
public static partial class KubernetesManifests
{
    /// <summary>Folder under the output that receives a copy of the model, for the Dockerfile's <c>COPY</c>.</summary>
    public const string ModelFolder = "model";

    /// <summary>Folder under the output where the Dockerfile expects the packed <c>MlopsKit.Cli</c> tool (<c>./build.sh install</c> writes it to artifacts/nupkg).</summary>
    public const string PackageFolder = "nupkg";

    /// <summary>The files <see cref="Write"/> creates, relative to its folder.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "Dockerfile",
        "deployment.yaml",
        "service.yaml",
        "seldon-deployment.yaml",
        "inference-service.yaml",
        "service-monitor.yaml",
        "prometheus-rule.yaml",
        "grafana-dashboard-configmap.yaml",
        "kustomization.yaml",
    ];

    /// <summary>
    /// Writes every file of <see cref="Files"/> under <paramref name="dir"/> (created if missing, same-named files overwritten), copies the
    /// model into <see cref="ModelFolder"/> and creates the empty <see cref="PackageFolder"/>.
    /// </summary>
    /// <returns>The paths of the files written, in <see cref="Files"/> order.</returns>
    /// <exception cref="NotFoundException">The model directory does not exist.</exception>
    /// <exception cref="ConfigException">The folder holds no MLmodel, or a name, label, port or threshold is invalid.</exception>
    public static IReadOnlyList<string> Write(string dir, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(options);
        var o = Resolve(options);
        var output = Path.GetFullPath(dir);
        var modelCopy = Path.Combine(output, ModelFolder);
        if (IsSameOrInside(modelCopy, o.ModelPath) || IsSameOrInside(o.ModelPath, modelCopy))
            throw new ConfigException($"The output folder '{dir}' overlaps the model folder '{o.ModelPath}'; choose an --out outside the model.");

        var contents = new Dictionary<string, string>
        {
            ["Dockerfile"] = ModelImage.Dockerfile(o),
            ["deployment.yaml"] = YamlWriter.Write(Workload.Deployment(o)),
            ["service.yaml"] = YamlWriter.Write(Workload.Service(o)),
            ["seldon-deployment.yaml"] = YamlWriter.Write(ServingResources.SeldonDeployment(o)),
            ["inference-service.yaml"] = YamlWriter.Write(ServingResources.InferenceService(o)),
            ["service-monitor.yaml"] = YamlWriter.Write(MonitoringResources.ServiceMonitor(o)),
            ["prometheus-rule.yaml"] = YamlWriter.Write(MonitoringResources.PrometheusRule(o)),
            ["grafana-dashboard-configmap.yaml"] = YamlWriter.Write(MonitoringResources.DashboardConfigMap(o)),
            ["kustomization.yaml"] =
                "# seldon-deployment.yaml and inference-service.yaml replace deployment.yaml + service.yaml on clusters with Seldon Core or KServe:\n" +
                "# apply one of them on its own (kubectl apply -f seldon-deployment.yaml), not all three.\n" +
                YamlWriter.Write(Kustomization()),
        };
        Directory.CreateDirectory(output);
        CopyDirectory(o.ModelPath, modelCopy);
        Directory.CreateDirectory(Path.Combine(output, PackageFolder));
        var written = new List<string>();
        foreach (var name in Files)
        {
            var path = Path.Combine(output, name);
            File.WriteAllText(path, contents[name], new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }
        return written;
    }

    private static YamlMapping Kustomization() => YamlBuild.Map(
        ("apiVersion", YamlBuild.S("kustomize.config.k8s.io/v1beta1")),
        ("kind", YamlBuild.S("Kustomization")),
        ("resources", YamlBuild.Seq(["deployment.yaml", "service.yaml", "service-monitor.yaml", "prometheus-rule.yaml", "grafana-dashboard-configmap.yaml"])));

    // Fills the defaults and checks everything once, so the builders can trust the options.
    private static KubernetesOptions Resolve(KubernetesOptions o)
    {
        var modelPath = o.ModelPath;
        if (string.IsNullOrWhiteSpace(modelPath)) throw new ConfigException("No model: pass the model directory (the folder that holds MLmodel).");
        if (modelPath.StartsWith("runs:/", StringComparison.Ordinal) || modelPath.StartsWith("models:/", StringComparison.Ordinal))
            throw new ConfigException($"'{modelPath}' is a tracking URI; the image needs the model's files: download the model folder first and pass its path.");
        if (Uri.TryCreate(modelPath, UriKind.Absolute, out var uri) && uri.IsFile && modelPath.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            modelPath = uri.LocalPath;
        modelPath = Path.GetFullPath(modelPath);
        if (!Directory.Exists(modelPath))
            throw new NotFoundException($"Model directory '{o.ModelPath}' does not exist; pass the folder that holds MLmodel.");
        if (!File.Exists(Path.Combine(modelPath, "MLmodel")))
            throw new ConfigException($"'{o.ModelPath}' holds no MLmodel file; pass the model folder itself (the one a logged model's MLmodel sits in).");

        var name = o.ModelName ?? DefaultName(Path.GetFileName(modelPath.TrimEnd(Path.DirectorySeparatorChar)));
        if (name.Length > 63 || !DnsLabel().IsMatch(name))
            throw new ConfigException($"Model name '{name}' is not a Kubernetes name: use at most 63 lower-case letters, digits and '-', starting with a letter (pass --name).");
        if (o.Namespace.Length > 63 || !DnsLabel().IsMatch(o.Namespace))
            throw new ConfigException($"Namespace '{o.Namespace}' is not a Kubernetes namespace name: use lower-case letters, digits and '-', starting with a letter.");
        if (o.DashboardNamespace.Length > 63 || !DnsLabel().IsMatch(o.DashboardNamespace))
            throw new ConfigException($"Dashboard namespace '{o.DashboardNamespace}' is not a Kubernetes namespace name.");
        if (o.ModelVersion.Length > 63 || !LabelValue().IsMatch(o.ModelVersion))
            throw new ConfigException($"Model version '{o.ModelVersion}' is not a Kubernetes label value: use at most 63 letters, digits, '.', '_' and '-'.");
        if (o.Release.Length > 63 || !LabelValue().IsMatch(o.Release))
            throw new ConfigException($"Release '{o.Release}' is not a Kubernetes label value: use the Helm release name of kube-prometheus-stack.");
        if (o.Replicas < 1) throw new ConfigException($"Replicas {o.Replicas} must be at least 1.");
        if (o.Port is < 1 or > 65535 || o.Port == ServingResources.SeldonPort)
            throw new ConfigException($"Port {o.Port} must be between 1 and 65535 and not {ServingResources.SeldonPort} (the Seldon container's port).");
        var image = o.Image ?? $"mlopskit/{name}-server:{o.ModelVersion}";
        if (image.Length == 0 || image.Any(char.IsWhiteSpace))
            throw new ConfigException($"Image '{image}' is not an image reference (for example registry.example.com/models/{name}:1).");
        MonitoringStack.Validate(o.Monitoring);
        return o with { ModelPath = modelPath, ModelName = name, Image = image };
    }

    private static string DefaultName(string folder)
    {
        var name = NotDnsLabel().Replace(folder.ToLowerInvariant(), "-").Trim('-');
        return name.Length == 0 || !char.IsAsciiLetter(name[0]) ? "model" : name.Length > 63 ? name[..63].TrimEnd('-') : name;
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotDnsLabel();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
