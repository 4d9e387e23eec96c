using System.CommandLine;
using MlopsKit.Kubernetes;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops k8s manifests</c>: writes a Dockerfile and the Kubernetes, Seldon, KServe, Prometheus Operator and Grafana manifests for one model.</summary>
public static class K8sManifestsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new KubernetesOptions { ModelPath = "" };
        var model = new Option<string>("--model", "-m") { Description = "The model directory (the folder holding MLmodel); it is copied into the image.", Required = true };
        var name = new Option<string?>("--name") { Description = "Resource name and model label (lower-case letters, digits, '-'). Default: the model folder's name." };
        var version = new Option<string?>("--model-version") { Description = $"The version label and the version the server reports. Default: {defaults.ModelVersion}." };
        var image = new Option<string?>("--image") { Description = "Image the Dockerfile builds and the manifests run. Default: mlopskit/<name>-server:<version>." };
        var ns = new Option<string?>("--namespace") { Description = $"Namespace of the model server. Default: {defaults.Namespace}." };
        var replicas = new Option<int?>("--replicas") { Description = $"Pods serving the model. Default: {defaults.Replicas}.", CustomParser = r => Runner.PositiveInt(r) };
        var port = new Option<int?>("--port") { Description = $"Port the server listens on. Default: {defaults.Port}.", CustomParser = r => Runner.PositiveInt(r) };
        var release = new Option<string?>("--release") { Description = $"Helm release of kube-prometheus-stack (the release label its Prometheus selects). Default: {defaults.Release}." };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write into.", DefaultValueFactory = _ => "k8s" };
        output.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value))) r.AddError("--out cannot be an empty string");
        });
        var force = new Option<bool>("--force", "-f") { Description = "Write into a folder that is not empty, overwriting same-named files." };
        var cmd = new Command("manifests", "Write a Dockerfile and Kubernetes manifests (Deployment, Service, SeldonDeployment, InferenceService, ServiceMonitor, PrometheusRule, Grafana dashboard) for a model.")
        {
            model, name, version, image, ns, replicas, port, release, output, force,
        };
        Runner.SetHandler(cmd, (p, ct) =>
        {
            var folder = Path.GetFullPath(p.GetValue(output)!);
            if (!p.GetValue(force) && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new ConflictException($"'{p.GetValue(output)}' is not empty; pass --force to overwrite the generated files in it, or choose another --out.");
            var options = new KubernetesOptions
            {
                ModelPath = p.GetValue(model)!,
                ModelName = p.GetValue(name),
                ModelVersion = p.GetValue(version) ?? defaults.ModelVersion,
                Image = p.GetValue(image),
                Namespace = p.GetValue(ns) ?? defaults.Namespace,
                Replicas = p.GetValue(replicas) ?? defaults.Replicas,
                Port = p.GetValue(port) ?? defaults.Port,
                Release = p.GetValue(release) ?? defaults.Release,
            };
            var written = KubernetesManifests.Write(folder, options);
            if (!p.GetValue(GlobalOptions.Quiet))
            {
                foreach (var file in written) Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
                Console.WriteLine($"Next: copy the MlopsKit.Cli .nupkg from './build.sh install' into {Path.Combine(p.GetValue(output)!, KubernetesManifests.PackageFolder)}, build the image (see the Dockerfile's first line), then kubectl apply -k {p.GetValue(output)}");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }
}
