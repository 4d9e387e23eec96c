using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Kubernetes;

/// <summary>The real <c>mlops k8s manifests</c>: writes the manifests for a model folder, one clear line for each kind of bad input.</summary>
public sealed class K8sManifestsCliTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-k8s-cli");

    public K8sManifestsCliTests()
    {
        Directory.CreateDirectory(_dir["iris"]);
        File.WriteAllText(_dir["iris/MLmodel"], "flavors: {}\n");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Manifests_writes_every_file_with_the_given_flags_into_the_default_folder()
    {
        var result = CliRunner.Run(_dir.Path, "k8s", "manifests", "-m", "iris", "--image", "reg.example/iris:7", "--namespace", "ml",
            "--replicas", "3", "--release", "prom", "--model-version", "7");

        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var file in new[] { "Dockerfile", "deployment.yaml", "service.yaml", "seldon-deployment.yaml", "inference-service.yaml",
            "service-monitor.yaml", "prometheus-rule.yaml", "grafana-dashboard-configmap.yaml", "kustomization.yaml", "model/MLmodel" })
            Assert.True(File.Exists(_dir[$"k8s/{file}"]), file);
        var deployment = File.ReadAllText(_dir["k8s/deployment.yaml"]);
        Assert.Contains("namespace: ml\n", deployment, StringComparison.Ordinal);
        Assert.Contains("replicas: 3\n", deployment, StringComparison.Ordinal);
        Assert.Contains("image: reg.example/iris:7\n", deployment, StringComparison.Ordinal);
        Assert.Contains("version: '7'\n", deployment, StringComparison.Ordinal);
        Assert.Contains("release: prom\n", File.ReadAllText(_dir["k8s/service-monitor.yaml"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Manifests_without_a_model_is_a_usage_error_on_one_line()
    {
        var result = CliRunner.Run(_dir.Path, "k8s", "manifests");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--model' is required", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Manifests_for_a_model_folder_that_does_not_exist_fails_on_one_line_and_writes_nothing()
    {
        var result = CliRunner.Run(_dir.Path, "k8s", "manifests", "-m", "no-such-model");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("'no-such-model' does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(_dir["k8s"]));
    }

    [Fact]
    public void Manifests_refuses_a_folder_that_is_not_empty_without_force_and_keeps_other_files_with_it()
    {
        Directory.CreateDirectory(_dir["out"]);
        File.WriteAllText(_dir["out/notes.txt"], "mine");

        var refused = CliRunner.Run(_dir.Path, "k8s", "manifests", "-m", "iris", "--out", "out");
        var forced = CliRunner.Run(_dir.Path, "k8s", "manifests", "-m", "iris", "--out", "out", "--force");

        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.TrimEnd().Split('\n'));
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal("mine", File.ReadAllText(_dir["out/notes.txt"]));
        Assert.True(File.Exists(_dir["out/deployment.yaml"]));
    }

    [Fact]
    public void Manifests_rejects_a_name_kubernetes_would_refuse_as_a_config_error()
    {
        var result = CliRunner.Run(_dir.Path, "k8s", "manifests", "-m", "iris", "--name", "Iris_Model");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not a Kubernetes name", result.Stderr, StringComparison.Ordinal);
    }
}
