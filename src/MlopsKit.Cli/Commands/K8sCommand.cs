using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops k8s</c>: Kubernetes manifests for serving and monitoring a model.</summary>
public static class K8sCommand
{
    /// <summary>Builds the command group; each subcommand is one file in Commands/ (K8s*Command.cs).</summary>
    public static Command Create()
    {
        var k8s = new Command("k8s", "Deploy a model on Kubernetes (plain Deployment, Seldon Core or KServe) with Prometheus Operator monitoring.");
        k8s.Subcommands.Add(K8sManifestsCommand.Create());
        return k8s;
    }
}
