using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using MlopsKit.Kubernetes;
using MlopsKit.Tests.Serving;
using MlopsKit.Tests.Support;
using MlopsKit.Yaml;

namespace MlopsKit.Tests.Kubernetes;

/// <summary>The routes the manifests make Kubernetes, Seldon and KServe call answer 200 on a real model server.</summary>
[Collection(nameof(ServedModels))]
public sealed class ManifestProbeTests(ServingFixture fixture) : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-k8s-probes");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_probe_path_in_the_manifests_answers_200_on_a_real_model_server()
    {
        Directory.CreateDirectory(_dir["iris"]);
        File.WriteAllText(_dir["iris/MLmodel"], "flavors: {}\n");
        KubernetesManifests.Write(_dir["k8s"], new KubernetesOptions { ModelPath = _dir["iris"] });
        var containers = new List<V1Container>
        {
            KubernetesYaml.Deserialize<V1Deployment>(File.ReadAllText(_dir["k8s/deployment.yaml"])).Spec.Template.Spec.Containers[0],
            Container(File.ReadAllText(_dir["k8s/seldon-deployment.yaml"]), "spec", "predictors", "componentSpecs", "spec", "containers"),
            Container(File.ReadAllText(_dir["k8s/inference-service.yaml"]), "spec", "predictor", "containers"),
        };

        var paths = containers.SelectMany(c => new[] { c.ReadinessProbe.HttpGet.Path, c.LivenessProbe.HttpGet.Path }).Distinct().ToList();

        Assert.Equal(["/v2/health/ready", "/v2/health/live"], paths);
        foreach (var path in paths)
        {
            using var response = await fixture.IrisHttp.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_route_seldons_executor_calls_and_the_ingress_route_both_score_a_seldon_message()
    {
        const string message = "{\"data\": {\"names\": [\"sepal_length\", \"sepal_width\", \"petal_length\", \"petal_width\"], \"ndarray\": [[5.1, 3.5, 1.4, 0.2]]}}";

        // Seldon Core v1's executor forwards what arrives at /seldon/<ns>/<name>/api/v1.0/predictions as POST /predict to the model container.
        foreach (var path in new[] { "/predict", "/api/v1.0/predictions", "/seldon/models/iris/api/v1.0/predictions" })
        {
            using var response = await fixture.IrisHttp.PostAsync(path, new StringContent(message, Encoding.UTF8, "application/json"), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {body}");
            Assert.Contains("\"data\"", body, StringComparison.Ordinal);
        }
    }

    private static V1Container Container(string yaml, params string[] path)
    {
        YamlNode node = YamlReader.Parse(yaml)!;
        foreach (var key in path)
        {
            if (node is YamlSequence sequence) node = sequence.Items[0];
            node = ((YamlMapping)node)[key]!;
        }
        return KubernetesYaml.Deserialize<V1Container>(YamlWriter.Write(((YamlSequence)node).Items[0]));
    }
}
