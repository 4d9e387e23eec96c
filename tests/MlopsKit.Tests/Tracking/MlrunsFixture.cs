using System.Security.Cryptography;
using System.Text;

namespace MlopsKit.Tests.Tracking;

/// <summary>
/// Writes an <c>mlruns/</c> folder byte for byte as MLflow's FileStore does (mlflow.md §3): <c>yaml.safe_dump</c> meta
/// files with sorted keys, integer run status and the legacy filler keys, raw param/tag files, metric lines.
/// </summary>
public sealed class MlrunsFixture
{
    public const string IrisId = "123456789012345678";
    public const string TrashId = "42";
    public const string Finished = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public const string Deleted = "1b2c3d4e5f60718293a4b5c6d7e8f90a";
    public const string Remote = "2c3d4e5f60718293a4b5c6d7e8f90a1b";
    public const string BadMetric = "3d4e5f60718293a4b5c6d7e8f90a1b2c";
    public const string BadMeta = "4e5f60718293a4b5c6d7e8f90a1b2c3d";
    public const string InTrash = "5f60718293a4b5c6d7e8f90a1b2c3d4e";
    public const string DefaultRun = "60718293a4b5c6d7e8f90a1b2c3d4e5f";
    public static readonly byte[] Weights = [0, 1, 2, 254, 255, 10, 13];

    public MlrunsFixture(string root) => Root = root;

    public string Root { get; }

    public string Uri => "file://" + Root;

    /// <summary>The full fixture: Default with one run, "iris" with five runs (two corrupt), a deleted experiment, a registry.</summary>
    public static MlrunsFixture Create(string root, bool corrupt = true)
    {
        var f = new MlrunsFixture(root);
        f.Experiment("0", "Default", creation: 1700000000000);
        f.Run("0", DefaultRun, "quiet-owl-3", status: 3, start: 1700000000000, end: 1700000000500);
        f.Write($"0/{DefaultRun}/params/seed", "7");

        f.Experiment(IrisId, "iris", creation: 1700000000001);
        f.Write($"{IrisId}/tags/team", "ml");
        f.Write($"{IrisId}/tags/mlflow.note.content", "# Iris\nfirst try\n");

        f.Run(IrisId, Finished, "brave-fox-1", status: 3, start: 1700000000000, end: 1700000001000, user: "alice");
        f.Write($"{IrisId}/{Finished}/params/lr", "0.01");
        f.Write($"{IrisId}/{Finished}/params/model/depth", "5");
        f.Write($"{IrisId}/{Finished}/params/note", "two words \n");
        f.Write($"{IrisId}/{Finished}/tags/mlflow.runName", "brave-fox-1");
        f.Write($"{IrisId}/{Finished}/tags/mlflow.user", "alice");
        f.Write($"{IrisId}/{Finished}/tags/mlflow.source.type", "LOCAL");
        f.Write($"{IrisId}/{Finished}/metrics/loss",
            "1700000000100 0.5 0\n1700000000200 nan 1\n1700000000300 inf 2\n1700000000400 -inf 3\n1700000000500 1e-05 4\n");
        f.Write($"{IrisId}/{Finished}/metrics/train/loss", "1700000000100 2.5\n1700000000200 1.5\n");
        f.Write($"{IrisId}/{Finished}/metrics/acc", "1700000000100 0.9 7\n1700000000200 0.8 7\n");
        f.Write($"{IrisId}/{Finished}/metrics/grad_norm", "1700000000100 nan 9\n");
        File.WriteAllBytes(f.Path($"{IrisId}/{Finished}/artifacts/model/weights.bin"), Weights);
        f.Write($"{IrisId}/{Finished}/artifacts/readme.txt", "hello\n");
        f.Dataset(IrisId, Finished, "iris.csv", "9f8e7d6c", "training");

        f.Run(IrisId, Deleted, "sad-cat-2", status: 4, start: 1700000002000, end: 1700000003000, stage: "deleted", deletedTime: 1700000009000);
        f.Write($"{IrisId}/{Deleted}/metrics/loss", "1700000002100 0.7 0\n");

        // Older layout: no run_name and no lifecycle_stage keys, name only in the tag; artifacts on S3; still running.
        f.Run(IrisId, Remote, null, status: 1, start: 1700000004000, end: null, stage: null, artifactUri: "s3://bucket/mlruns/" + Remote + "/artifacts");
        f.Write($"{IrisId}/{Remote}/tags/mlflow.runName", "old-name");

        if (corrupt)
        {
            f.Run(IrisId, BadMetric, "broken-1", status: 3, start: 1700000005000, end: 1700000006000);
            f.Write($"{IrisId}/{BadMetric}/params/lr", "0.1");
            f.Write($"{IrisId}/{BadMetric}/metrics/loss", "1700000005100 0.4 0\n1700000005200 abc 1\n");
            f.Write($"{IrisId}/{BadMetric}/artifacts/model.bin", "x");
            f.Write($"{IrisId}/{BadMeta}/meta.yaml", "run_id: [" + BadMeta + "\nstatus: 3\n");
        }

        f.Experiment(TrashId, "old-exp", creation: 1600000000000, trash: true, stage: "deleted");
        f.Run(TrashId, InTrash, "gone-1", status: 3, start: 1600000000000, end: 1600000001000, trash: true);
        f.Write($".trash/{TrashId}/{InTrash}/metrics/m", "1600000000100 1.0 0\n");

        f.Write("models/iris-model/meta.yaml", "name: iris-model\n");
        return f;
    }

    public string Path(string relative)
    {
        var full = System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    public void Write(string relative, string text) => File.WriteAllBytes(Path(relative), Encoding.UTF8.GetBytes(text));

    public void Experiment(string id, string name, long creation, bool trash = false, string stage = "active")
    {
        var dir = trash ? $".trash/{id}" : id;
        Write($"{dir}/meta.yaml",
            $"artifact_location: {Uri}/{id}\ncreation_time: {creation}\nexperiment_id: '{id}'\nlast_update_time: {creation + 5}\n" +
            $"lifecycle_stage: {stage}\nname: {name}\n");
    }

    public void Run(string experimentId, string runId, string? name, int status, long start, long? end, string user = "bob",
        string? stage = "active", long? deletedTime = null, string? artifactUri = null, bool trash = false)
    {
        var dir = trash ? $".trash/{experimentId}/{runId}" : $"{experimentId}/{runId}";
        var sb = new StringBuilder();
        sb.Append($"artifact_uri: {artifactUri ?? $"{Uri}/{experimentId}/{runId}/artifacts"}\n");
        if (deletedTime is not null) sb.Append($"deleted_time: {deletedTime}\n");
        sb.Append($"end_time: {(end is null ? "null" : end.ToString())}\n");
        sb.Append("entry_point_name: ''\n");
        sb.Append($"experiment_id: '{experimentId}'\n");
        if (stage is not null) sb.Append($"lifecycle_stage: {stage}\n");
        sb.Append($"run_id: {runId}\n");
        if (name is not null) sb.Append($"run_name: {name}\n");
        sb.Append($"run_uuid: {runId}\n");
        sb.Append("source_name: ''\nsource_type: 4\nsource_version: ''\n");
        sb.Append($"start_time: {start}\nstatus: {status}\ntags: []\nuser_id: {user}\n");
        Write($"{dir}/meta.yaml", sb.ToString());
    }

    /// <summary>A dataset in the experiment's datasets/ and its input link in the run's inputs/, ids as MLflow's md5s.</summary>
    public void Dataset(string experimentId, string runId, string name, string digest, string context)
    {
        var datasetId = Md5(name + digest);
        Write($"{experimentId}/datasets/{datasetId}/meta.yaml",
            $"digest: {digest}\nname: {name}\nprofile: '{{\"num_rows\": 150}}'\nschema: '{{\"mlflow_colspec\": []}}'\n" +
            "source: '{\"uri\": \"/data/iris.csv\"}'\nsource_type: local\n");
        Write($"{experimentId}/{runId}/inputs/{Md5(datasetId + runId)}/meta.yaml",
            $"destination_id: {datasetId}\ndestination_type: RUN\nsource_id: {datasetId}\nsource_type: DATASET\ntags:\n  mlflow.data.context: {context}\n");
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
