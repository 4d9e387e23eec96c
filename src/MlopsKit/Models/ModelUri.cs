using System.Globalization;
using System.Text.RegularExpressions;

namespace MlopsKit.Models;

/// <summary>A parsed model URI: <c>runs:/&lt;run_id&gt;/&lt;path&gt;</c>, <c>models:/&lt;name&gt;/&lt;version|stage|latest&gt;</c>,
/// <c>models:/&lt;name&gt;@&lt;alias&gt;</c>, <c>models:/&lt;model_id&gt;</c>, a <c>file://</c> URI or a plain path.</summary>
/// <remarks>
/// Parsing follows MLflow's rules (<c>parse_runs_uri</c>, <c>_parse_model_uri</c>): a numeric suffix is a version, <c>latest</c>
/// (any case) is the latest version, anything else a stage. Parts are percent-decoded and then checked as MLflow's
/// <c>validate_path_is_safe</c> does: <c>..</c> segments, backslashes, <c>#</c>, control characters and absolute artifact paths
/// are rejected in <c>runs:/</c>, <c>models:/</c> and <c>file://</c> URIs, since those come from registries and configs. A plain path
/// is the caller's own file system and is taken as given.
/// </remarks>
public sealed partial record ModelUri
{
    private ModelUri(string text, ModelUriKind kind) => (Text, Kind) = (text, kind);

    /// <summary>The URI as given.</summary>
    public string Text { get; }

    /// <summary>Which form it is.</summary>
    public ModelUriKind Kind { get; }

    /// <summary>For <see cref="ModelUriKind.Local"/>: the full local path.</summary>
    public string? LocalPath { get; private init; }

    /// <summary>For <see cref="ModelUriKind.Run"/>: the run id.</summary>
    public string? RunId { get; private init; }

    /// <summary>For <see cref="ModelUriKind.Run"/>: the run-relative artifact path, "" for the run's artifact root.</summary>
    public string? ArtifactPath { get; private init; }

    /// <summary>For <see cref="ModelUriKind.RegisteredModel"/>: the registered model name.</summary>
    public string? ModelName { get; private init; }

    /// <summary>A version number (<c>models:/iris/3</c>).</summary>
    public long? Version { get; private init; }

    /// <summary>A stage (<c>models:/iris/Production</c>).</summary>
    public string? Stage { get; private init; }

    /// <summary>True for <c>models:/iris/latest</c>.</summary>
    public bool IsLatest { get; private init; }

    /// <summary>An alias (<c>models:/iris@champion</c>).</summary>
    public string? Alias { get; private init; }

    /// <summary>For <see cref="ModelUriKind.LoggedModel"/>: MLflow 3's model id.</summary>
    public string? ModelId { get; private init; }

    /// <summary>Parses and validates a model URI or path.</summary>
    /// <exception cref="ConfigException">The URI is malformed or climbs out of its root; the message shows the expected forms.</exception>
    public static ModelUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Length == 0) throw Bad(uri, "it is empty");
        if (uri.Any(char.IsControl)) throw Bad(uri, "it contains control characters");
        if (uri.StartsWith("runs:", StringComparison.Ordinal)) return ParseRuns(uri);
        if (uri.StartsWith("models:", StringComparison.Ordinal)) return ParseModels(uri);
        if (uri.StartsWith("file:", StringComparison.Ordinal)) return ParseFile(uri);
        if (SchemePattern().IsMatch(uri))
            throw Bad(uri, $"the scheme '{uri[..uri.IndexOf(':', StringComparison.Ordinal)]}' is not supported for loading models");
        return new ModelUri(uri, ModelUriKind.Local) { LocalPath = Path.GetFullPath(uri) };
    }

    /// <summary>True when <paramref name="runId"/> is a valid MLflow run id.</summary>
    public static bool IsValidRunId(string runId) => RunIdPattern().IsMatch(runId);

    /// <summary>The local model directory: the path itself for local URIs, else what <paramref name="resolver"/> returns.</summary>
    /// <exception cref="ConfigException">A <c>runs:/</c> or <c>models:/</c> URI was given without a resolver.</exception>
    public async ValueTask<string> ResolveAsync(ModelUriResolver? resolver, CancellationToken cancellationToken = default)
    {
        if (Kind == ModelUriKind.Local) return LocalPath!;
        if (resolver is null)
            throw new ConfigException($"'{Text}' names a model in a tracking server; load it through a tracking client, or pass a local model directory.");
        return await resolver(this, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static ModelUri ParseRuns(string uri)
    {
        // runs:/<run_id>/<path>: MLflow reads only the URI path, so an authority (runs://x) is a mistake.
        var rest = uri["runs:".Length..];
        if (!rest.StartsWith('/') || rest.StartsWith("//", StringComparison.Ordinal))
            throw Bad(uri, "expected runs:/<run_id>/<artifact path>");
        var parts = Decode(uri, rest).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw Bad(uri, "the run id is missing; expected runs:/<run_id>/<artifact path>");
        if (!IsValidRunId(parts[0])) throw Bad(uri, $"'{parts[0]}' is not a run id");
        CheckSegments(uri, parts.Skip(1));
        return new ModelUri(uri, ModelUriKind.Run) { RunId = parts[0], ArtifactPath = string.Join('/', parts.Skip(1)) };
    }

    private static ModelUri ParseModels(string uri)
    {
        var rest = uri["models:".Length..];
        if (!rest.StartsWith('/') || rest.StartsWith("//", StringComparison.Ordinal) || rest.Length <= 1)
            throw Bad(uri, "expected models:/<name>/<version|stage|latest> or models:/<name>@<alias>");
        var parts = Decode(uri, rest.TrimStart('/')).Split('/');
        if (parts.Length > 2 || parts[0].Trim().Length == 0)
            throw Bad(uri, "expected models:/<name>/<version|stage|latest> or models:/<name>@<alias>");
        CheckSegments(uri, parts);
        if (parts.Length == 2)
        {
            var suffix = parts[1];
            if (suffix.Length == 0) throw Bad(uri, "the version, stage or 'latest' after the name is empty");
            var model = new ModelUri(uri, ModelUriKind.RegisteredModel) { ModelName = parts[0] };
            if (suffix.All(char.IsAsciiDigit))
            {
                var version = long.Parse(suffix, CultureInfo.InvariantCulture);
                return version > 0 ? model with { Version = version } : throw Bad(uri, "model versions start at 1");
            }
            return suffix.Equals("latest", StringComparison.OrdinalIgnoreCase) ? model with { IsLatest = true } : model with { Stage = suffix };
        }
        var at = parts[0].LastIndexOf('@');
        if (at >= 0)
        {
            var (name, alias) = (parts[0][..at], parts[0][(at + 1)..]);
            if (name.Length == 0 || alias.Length == 0) throw Bad(uri, "expected models:/<name>@<alias>");
            return new ModelUri(uri, ModelUriKind.RegisteredModel) { ModelName = name, Alias = alias };
        }
        return new ModelUri(uri, ModelUriKind.LoggedModel) { ModelId = parts[0] };
    }

    private static ModelUri ParseFile(string uri)
    {
        // file:///abs/path, file://localhost/abs/path or file:/abs/path; no other hosts, no relative paths.
        var rest = uri["file:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            var host = slash < 0 ? rest[2..] : rest[2..slash];
            if (host.Length > 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                throw Bad(uri, $"file URIs must name this machine (file:///path), not the host '{host}'");
            rest = slash < 0 ? "" : rest[slash..];
        }
        if (!rest.StartsWith('/')) throw Bad(uri, "file URIs need an absolute path (file:///path/to/model)");
        var path = Decode(uri, rest);
        CheckSegments(uri, path.Split('/'));
        return new ModelUri(uri, ModelUriKind.Local) { LocalPath = Path.GetFullPath(path) };
    }

    private static string Decode(string uri, string text)
    {
        if (text.Contains('#', StringComparison.Ordinal)) throw Bad(uri, "'#' is not allowed in model URIs");
        var decoded = Uri.UnescapeDataString(text);
        if (decoded.Any(char.IsControl)) throw Bad(uri, "it contains control characters");
        return decoded;
    }

    private static void CheckSegments(string uri, IEnumerable<string> segments)
    {
        foreach (var segment in segments)
        {
            if (segment == "..") throw Bad(uri, "'..' segments would leave the model's root");
            if (segment.Contains('\\', StringComparison.Ordinal)) throw Bad(uri, "backslashes are not allowed");
            if (segment.Contains('#', StringComparison.Ordinal)) throw Bad(uri, "'#' is not allowed");
            if (segment.Length >= 2 && segment[1] == ':' && char.IsAsciiLetter(segment[0])) throw Bad(uri, "drive paths are not allowed");
        }
    }

    private static ConfigException Bad(string uri, string why) => new(
        $"'{uri}' is not a valid model URI: {why}. Use runs:/<run_id>/<path>, models:/<name>/<version|stage|latest>, models:/<name>@<alias>, file:///<dir> or a directory path.");

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}$")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.\-]+:")]
    private static partial Regex SchemePattern();
}
