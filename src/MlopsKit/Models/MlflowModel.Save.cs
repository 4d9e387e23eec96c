using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using MlopsKit.Yaml;

namespace MlopsKit.Models;

public static partial class MlflowModel
{
    /// <summary>Saves an ML.NET model as an MLflow model directory.</summary>
    /// <param name="mlContext">The context the model was trained with.</param>
    /// <param name="model">The trained transformer (or chain).</param>
    /// <param name="inputSchema">The schema of the raw data the model takes, e.g. <c>data.Schema</c> of the loaded CSV.</param>
    /// <param name="directory">A new or empty directory; it is filled in a sibling temp folder and moved into place.</param>
    /// <param name="options">Run id, example, label column, signature, clock.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    /// <returns>The MLmodel file that was written.</returns>
    /// <exception cref="ConflictException">The directory exists and is not empty.</exception>
    /// <exception cref="ConfigException">An option is invalid (named in the message), or the signature cannot be inferred.</exception>
    public static async Task<MlmodelFile> SaveAsync(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string directory,
        ModelSaveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new ModelSaveOptions();
        Validate(options, inputSchema);
        var target = Path.GetFullPath(directory);
        if (File.Exists(target) || Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new ConflictException($"'{directory}' already exists and is not empty; save the model into a new or empty directory.");

        var signature = options.Signature ?? ModelSignature.Infer(inputSchema, model.GetOutputSchema(inputSchema),
            options.LabelColumn is null ? null : [options.LabelColumn]);

        var parent = Path.GetDirectoryName(target) ?? target;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            using (var stream = File.Create(Path.Combine(temp, ModelFileName)))
                mlContext.Model.Save(model, inputSchema, stream);
            cancellationToken.ThrowIfCancellationRequested();

            var schemaJson = JsonSerializer.Serialize(MlnetSchemaFile.From(inputSchema, options.LabelColumn), ModelsJson.Default.MlnetSchemaFile);
            await File.WriteAllTextAsync(Path.Combine(temp, MlnetSchemaFile.FileName), schemaJson + "\n", cancellationToken).ConfigureAwait(false);

            if (options.TrainingData is not null)
            {
                var profile = TrainingProfile.Compute(options.TrainingData, ProfiledFeatures(signature, inputSchema, options.LabelColumn), options.LabelColumn);
                await File.WriteAllTextAsync(Path.Combine(temp, TrainingProfile.FileName), profile.ToJson(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            }

            YamlMapping? exampleInfo = null;
            if (options.InputExample is not null)
                exampleInfo = await InputExampleWriter.WriteAsync(options.InputExample, signature, temp, cancellationToken).ConfigureAwait(false);

            var size = Directory.EnumerateFiles(temp, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            var mlmodel = new MlmodelFile(BuildRoot(options, signature, exampleInfo, size));
            await File.WriteAllTextAsync(Path.Combine(temp, MlmodelFile.FileName), mlmodel.ToYaml(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);

            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(temp, target);
            return mlmodel;
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    private static void Validate(ModelSaveOptions options, DataViewSchema inputSchema)
    {
        if (string.IsNullOrWhiteSpace(options.ArtifactPath) || options.ArtifactPath.Split('/', '\\').Contains(".."))
            throw new ConfigException($"ModelSaveOptions.ArtifactPath '{options.ArtifactPath}' must be a relative path inside the run's artifacts, such as 'model'.");
        if (options.RunId is not null && !ModelUri.IsValidRunId(options.RunId))
            throw new ConfigException($"ModelSaveOptions.RunId '{options.RunId}' is not an MLflow run id (letters, digits, '_' and '-', e.g. a 32-character hex id).");
        if (options.LabelColumn is not null && inputSchema.GetColumnOrNull(options.LabelColumn) is null)
            throw new ConfigException($"ModelSaveOptions.LabelColumn '{options.LabelColumn}' is not a column of the input schema ({string.Join(", ", inputSchema.Select(c => c.Name))}).");
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
    }

    private static YamlMapping BuildRoot(ModelSaveOptions options, ModelSignature signature, YamlMapping? exampleInfo, long size)
    {
        var flavor = new YamlMapping();
        flavor.Set("mlnet_schema", YamlWriter.Str(MlnetSchemaFile.FileName));
        flavor.Set("mlnet_version", YamlWriter.Str(MlnetVersion));
        flavor.Set("model_file", YamlWriter.Str(ModelFileName));
        flavor.Set("runtime", YamlWriter.Str(Runtime));
        var flavors = new YamlMapping();
        flavors.Set(FlavorName, flavor);

        var root = new YamlMapping();
        if (options.RunId is not null) root.Set("artifact_path", YamlWriter.Str(options.ArtifactPath));
        root.Set("flavors", flavors);
        if (options.ModelName is not null || options.TrainingData is not null)
        {
            var metadata = new YamlMapping();
            if (options.ModelName is not null) metadata.Set("model_name", YamlWriter.Str(options.ModelName));
            if (options.TrainingData is not null) metadata.Set(TrainingProfile.MetadataKey, YamlWriter.Str(TrainingProfile.FileName));
            root.Set("metadata", metadata);
        }
        root.Set("mlflow_version", YamlWriter.Str(MlflowVersion));
        root.Set("model_size_bytes", YamlWriter.Number(size));
        root.Set("model_uuid", YamlWriter.Str(Guid.NewGuid().ToString("N")));
        if (options.RunId is not null) root.Set("run_id", YamlWriter.Str(options.RunId));
        if (exampleInfo is not null) root.Set("saved_input_example_info", exampleInfo);
        root.Set("signature", signature.ToYaml());
        root.Set("utc_time_created", YamlWriter.Str(PythonUtcTime(options.TimeProvider.GetUtcNow())));
        return root;
    }

    // The signature's named scalar columns (what clients send), else the schema's visible columns; never the label.
    private static IEnumerable<string> ProfiledFeatures(ModelSignature signature, DataViewSchema inputSchema, string? labelColumn)
    {
        var named = signature.Inputs.OfType<ColumnSpec>().Where(c => c.Name is not null && c.Type != "array").Select(c => c.Name!).ToList();
        var names = named.Count > 0 || signature.Inputs.Count > 0 ? named : inputSchema.Where(c => !c.IsHidden).Select(c => c.Name).ToList();
        return names.Where(n => n != labelColumn);
    }

    // Python's str(datetime.utcnow()): microseconds are printed only when non-zero.
    internal static string PythonUtcTime(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var micro = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return micro == 0 ? text : text + "." + micro.ToString("000000", CultureInfo.InvariantCulture);
    }
}
