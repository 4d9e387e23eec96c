using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MlopsKit.Kubernetes;

/// <summary>The <c>Dockerfile</c> of the model server image: the packed <c>mlops</c> tool on the ASP.NET Core runtime, the model in <c>/model</c>.</summary>
internal static class ModelImage
{
    public const string ToolPath = "/opt/mlops";
    public const string ModelPath = "/model";

    public static string Dockerfile(KubernetesOptions o)
    {
        var port = o.Port.ToString(CultureInfo.InvariantCulture);
        var entrypoint = new JsonArray($"{ToolPath}/mlops", "models", "serve", "-m", ModelPath, "--host", "0.0.0.0");
        var cmd = new JsonArray("--port", port);
        return new StringBuilder()
            .Append("# Build from the MlopsKit repository: ./build.sh install (packs artifacts/nupkg/MlopsKit.Cli.<version>.nupkg); copy that .nupkg into ")
            .Append(KubernetesManifests.PackageFolder).Append("/ beside this file; then here: docker build -t ").Append(o.Image).Append(" . && docker push ").Append(o.Image).Append('\n')
            .Append("# The manifests pass --port/--name/--model-version as container args, which replace CMD, not ENTRYPOINT.\n")
            .Append("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS tool\n")
            .Append("COPY ").Append(KubernetesManifests.PackageFolder).Append("/ /nupkg/\n")
            .Append("RUN dotnet tool install MlopsKit.Cli --tool-path ").Append(ToolPath).Append(" --add-source /nupkg\n")
            .Append('\n')
            .Append("FROM mcr.microsoft.com/dotnet/aspnet:10.0\n")
            .Append("ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1\n")
            .Append("COPY --from=tool ").Append(ToolPath).Append(' ').Append(ToolPath).Append('\n')
            .Append("COPY ").Append(KubernetesManifests.ModelFolder).Append("/ ").Append(ModelPath).Append("/\n")
            .Append("WORKDIR /tmp\n")
            .Append("USER $APP_UID\n")
            .Append("EXPOSE ").Append(port).Append('\n')
            .Append("ENTRYPOINT ").Append(entrypoint.ToJsonString()).Append('\n')
            .Append("CMD ").Append(cmd.ToJsonString()).Append('\n')
            .ToString();
    }
}
