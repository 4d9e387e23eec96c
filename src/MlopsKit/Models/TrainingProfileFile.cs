using System.Text.Json.Serialization;

namespace MlopsKit.Models;

/// <summary>The wire form of <c>training_profile.json</c>; <see cref="TrainingProfile"/> maps to and from it here only.</summary>
internal sealed record TrainingProfileFile
{
    public int FormatVersion { get; init; } = 1;
    public long Rows { get; init; }
    public List<FeatureProfileEntry>? Features { get; init; }
    public FeatureProfileEntry? Label { get; init; }

    public static TrainingProfileFile From(TrainingProfile profile) => new()
    {
        Rows = profile.Rows,
        Features = profile.Features.Select(FeatureProfileEntry.From).ToList(),
        Label = profile.Label is null ? null : FeatureProfileEntry.From(profile.Label),
    };

    public TrainingProfile ToProfile(string source) => new()
    {
        Rows = Rows,
        Features = (Features ?? []).Select(f => f.ToProfile(source)).ToList(),
        Label = Label?.ToProfile(source),
    };
}

/// <summary>One feature of <see cref="TrainingProfileFile"/>.</summary>
internal sealed record FeatureProfileEntry
{
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public long Count { get; init; }
    public long Missing { get; init; }
    public double? Mean { get; init; }
    public double? Std { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public List<double>? BinEdges { get; init; }
    public List<long>? BinCounts { get; init; }

    // Optional since profiles first written without it must still load (JSON name "percentiles").
    public List<double>? Percentiles { get; init; }
    public List<CategoryEntry>? Categories { get; init; }
    public long? OtherCount { get; init; }

    public static FeatureProfileEntry From(FeatureProfile f)
    {
        var numeric = f.Kind == FeatureKind.Numeric;
        return new()
        {
            Name = f.Name,
            Kind = numeric ? "numeric" : "categorical",
            Count = f.Count,
            Missing = f.Missing,
            Mean = f.Mean,
            Std = f.Std,
            Min = f.Min,
            Max = f.Max,
            BinEdges = numeric ? [.. f.BinEdges] : null,
            BinCounts = numeric ? [.. f.BinCounts] : null,
            Percentiles = numeric && f.Percentiles.Count > 0 ? [.. f.Percentiles] : null,
            Categories = numeric ? null : f.Categories.Select(c => new CategoryEntry { Value = c.Value, Count = c.Count }).ToList(),
            OtherCount = numeric ? null : f.OtherCount,
        };
    }

    public FeatureProfile ToProfile(string source)
    {
        if (string.IsNullOrEmpty(Name))
            throw new ConfigException($"'{source}' has a feature without a \"name\"; log the model again to rewrite the profile.");
        var kind = Kind switch
        {
            "numeric" => FeatureKind.Numeric,
            "categorical" => FeatureKind.Categorical,
            _ => throw new ConfigException($"feature '{Name}' in '{source}' has kind '{Kind}'; expected \"numeric\" or \"categorical\"."),
        };
        var edges = BinEdges ?? [];
        var counts = BinCounts ?? [];
        if (kind == FeatureKind.Numeric && counts.Count != (edges.Count == 0 ? 0 : edges.Count + 1))
            throw new ConfigException($"feature '{Name}' in '{source}' has {edges.Count} bin edges but {counts.Count} bin counts; expected one more count than edges.");
        var percentiles = Percentiles ?? [];
        if (kind == FeatureKind.Numeric && percentiles.Count != 0 && percentiles.Count != TrainingProfile.PercentileCount)
            throw new ConfigException($"feature '{Name}' in '{source}' has {percentiles.Count} percentiles; expected {TrainingProfile.PercentileCount} (q0 … q100), or none.");
        for (var i = 1; i < percentiles.Count; i++)
            if (!(percentiles[i - 1] <= percentiles[i]))
                throw new ConfigException($"feature '{Name}' in '{source}' has percentiles that are not ascending (q{i - 1} > q{i}); log the model again to rewrite the profile.");
        return new FeatureProfile
        {
            Name = Name,
            Kind = kind,
            Count = Count,
            Missing = Missing,
            Mean = Mean,
            Std = Std,
            Min = Min,
            Max = Max,
            BinEdges = edges,
            BinCounts = counts,
            Percentiles = kind == FeatureKind.Numeric ? percentiles : [],
            Categories = (Categories ?? []).Select(c => new CategoryCount(c.Value ?? "", c.Count)).ToList(),
            OtherCount = OtherCount ?? 0,
        };
    }
}

/// <summary>One category of <see cref="FeatureProfileEntry"/>.</summary>
internal sealed record CategoryEntry
{
    public string? Value { get; init; }
    public long Count { get; init; }
}

/// <summary>Source-generated JSON for <c>training_profile.json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrainingProfileFile))]
internal sealed partial class ProfileJson : JsonSerializerContext;
