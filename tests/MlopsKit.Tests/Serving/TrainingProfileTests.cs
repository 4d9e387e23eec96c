using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Tests.Support;
using MlopsKit.Training;

namespace MlopsKit.Tests.Serving;

/// <summary>training_profile.json: written at LogModel time from the training data, read back for drift metrics.</summary>
[Collection(nameof(ServedModels))]
public sealed class TrainingProfileTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_model_logged_with_training_data_has_numpy_deciles_and_bin_counts_that_sum_to_the_rows()
    {
        var directory = fixture.Iris.Model.Model.Directory;
        Assert.Contains("training_profile: training_profile.json", await File.ReadAllTextAsync(Path.Combine(directory, "MLmodel"), Ct), StringComparison.Ordinal);
        var profile = await TrainingProfile.ReadAsync(directory, Ct);
        Assert.NotNull(profile);

        var test = SampleData.Iris.TestRows.ToHashSet();
        var train = SampleData.Iris.Rows().Where((_, i) => !test.Contains(i)).ToList();
        Assert.Equal(train.Count, profile.Rows);
        string[] features = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
        Assert.Equal(features, profile.Features.Select(f => f.Name));

        var columns = features.ToDictionary(f => f, f => train.Select(r => r[SampleData.Iris.Columns.ToList().IndexOf(f)]).ToList());
        var numpy = Numpy(columns);
        foreach (var f in profile.Features)
        {
            Assert.Equal(FeatureKind.Numeric, f.Kind);
            Assert.Equal(train.Count, f.Count);
            Assert.Equal(0, f.Missing);
            Assert.Equal(train.Count, f.BinCounts.Sum());
            Assert.Equal(10, f.BinCounts.Count);
            var expected = numpy.GetProperty(f.Name);
            Assert.Equal(expected.GetProperty("deciles").EnumerateArray().Select(e => e.GetDouble()), f.BinEdges, (a, b) => Math.Abs(a - b) < 1e-12);
            Assert.Equal(expected.GetProperty("counts").EnumerateArray().Select(e => e.GetInt64()), f.BinCounts);
            Assert.Equal(expected.GetProperty("mean").GetDouble(), f.Mean!.Value, 12);
            Assert.Equal(expected.GetProperty("std").GetDouble(), f.Std!.Value, 12);
            Assert.Equal(expected.GetProperty("min").GetDouble(), f.Min);
            Assert.Equal(expected.GetProperty("max").GetDouble(), f.Max);
            Assert.Equal(expected.GetProperty("percentiles").EnumerateArray().Select(e => e.GetDouble()), f.Percentiles, (a, b) => Math.Abs(a - b) < 1e-12);
            Assert.Equal(TrainingProfile.PercentileCount, f.Percentiles.Count);
            Assert.Equal(f.Min, f.Percentiles[0]);
            Assert.Equal(f.Max, f.Percentiles[100]);
            for (var k = 1; k <= 9; k++) Assert.Equal(f.BinEdges[k - 1], f.Percentiles[10 * k]);
        }
        // Floats are profiled through their shortest text, so values read as the CSV does (4.3, not 4.300000190734863).
        Assert.All(profile.Features.SelectMany(f => new[] { f.Min!.Value, f.Max!.Value }),
            v => Assert.True(v.ToString(CultureInfo.InvariantCulture).Length <= 4, v.ToString(CultureInfo.InvariantCulture)));

        Assert.NotNull(profile.Label);
        Assert.Equal("species", profile.Label.Name);
        Assert.Equal(FeatureKind.Categorical, profile.Label.Kind);
        Assert.Equal(["setosa", "versicolor", "virginica"], profile.Label.Categories.Select(c => c.Value).Order());
        Assert.Equal(train.Count, profile.Label.Categories.Sum(c => c.Count));
        foreach (var c in profile.Label.Categories)
            Assert.Equal(train.Count(r => r[^1] == c.Value), c.Count);

        var diabetes = await TrainingProfile.ReadAsync(fixture.Diabetes.Model.Model.Directory, Ct);
        Assert.Equal(10, diabetes!.Features.Count);
        Assert.All(diabetes.Features, f => Assert.Equal(diabetes.Rows, f.BinCounts.Sum()));
        Assert.Equal(FeatureKind.Numeric, diabetes.Label!.Kind);
    }

    [Fact]
    public async Task A_model_logged_without_training_data_has_no_profile_and_no_metadata()
    {
        using var dir = TempDir.Create("mlopskit-profile");
        var ml = new MLContext(seed: 1);
        var (train, _) = TutorialFrames.Load(SampleData.Iris);
        IDataView data = train;
        var model = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)).Fit(data);
        var mlmodel = await MlflowModel.SaveAsync(ml, model, data.Schema, dir["model"], new ModelSaveOptions { LabelColumn = "species" }, Ct);
        Assert.Null(mlmodel.Root["metadata"]);
        Assert.False(File.Exists(dir["model/training_profile.json"]));
        Assert.Null(await TrainingProfile.ReadAsync(dir["model"], Ct));

        await MlflowModel.SaveAsync(ml, model, data.Schema, dir["with"], new ModelSaveOptions { LabelColumn = "species", TrainingData = data }, Ct);
        var profile = await TrainingProfile.ReadAsync(dir["with"], Ct);
        Assert.Equal(train.Rows.Count, profile!.Rows);
        Assert.Equal(profile.ToJson(), TrainingProfile.Parse(profile.ToJson()).ToJson());
        File.Delete(dir["with/training_profile.json"]);
        await Assert.ThrowsAsync<NotFoundException>(() => TrainingProfile.ReadAsync(dir["with"], Ct));
    }

    [Fact]
    public void Categorical_features_keep_the_fifty_most_frequent_values_and_count_the_rest_as_other()
    {
        // Category c{i} appears i + 1 times (c59 most often); 60 categories, so c0 … c9 fall into "other".
        var text = Enumerable.Range(0, 60).SelectMany(i => Enumerable.Repeat($"c{i}", i + 1)).ToList();
        text.Add("");
        var n = text.Count;
        var frame = new DataFrame(
            new StringDataFrameColumn("color", text),
            new BooleanDataFrameColumn("flag", Enumerable.Range(0, n).Select(i => i % 4 == 0)),
            new SingleDataFrameColumn("x", Enumerable.Range(0, n).Select(i => i % 10 == 0 ? float.NaN : i)));
        var profile = TrainingProfile.Compute(frame, ["color", "flag", "x"]);

        var color = profile.Find("color")!;
        Assert.Equal(FeatureKind.Categorical, color.Kind);
        Assert.Equal(TrainingProfile.MaxCategories, color.Categories.Count);
        Assert.Equal(new CategoryCount("c59", 60), color.Categories[0]);
        Assert.Equal(new CategoryCount("c10", 11), color.Categories[^1]);
        Assert.Equal(Enumerable.Range(1, 10).Sum(), color.OtherCount);
        Assert.Equal(1, color.Missing);
        Assert.Equal(n - 1, color.Categories.Sum(c => c.Count) + color.OtherCount);
        Assert.Equal("c42", color.CategoryOf("c42"));
        Assert.Equal(FeatureProfile.Other, color.CategoryOf("c3"));

        var flag = profile.Find("flag")!;
        Assert.Equal(["false", "true"], flag.Categories.Select(c => c.Value));
        Assert.Equal(Enumerable.Range(0, n).Count(i => i % 4 == 0), flag.Categories[1].Count);

        var x = profile.Find("x")!;
        Assert.Equal(Enumerable.Range(0, n).Count(i => i % 10 == 0), x.Missing);
        Assert.Equal(x.Count, x.BinCounts.Sum());
        Assert.Equal(n, x.Count + x.Missing);
        Assert.Throws<ConfigException>(() => TrainingProfile.Compute(frame, ["nope"]));
    }

    [Fact]
    public void Percentiles_survive_the_json_round_trip_under_their_own_name()
    {
        var frame = new DataFrame(new SingleDataFrameColumn("x", Enumerable.Range(0, 57).Select(i => (float)(i * i % 23))));
        var profile = TrainingProfile.Compute(frame, ["x"]);

        var json = profile.ToJson();
        var back = TrainingProfile.Parse(json).Find("x")!;

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(TrainingProfile.PercentileCount, doc.RootElement.GetProperty("features")[0].GetProperty("percentiles").GetArrayLength());
        Assert.Equal(profile.Find("x")!.Percentiles, back.Percentiles);
        Assert.Same(back.Percentiles, back.ReferenceQuantiles());
        Assert.Equal(json, TrainingProfile.Parse(json).ToJson());
    }

    [Fact]
    public void A_profile_written_before_percentiles_were_stored_loads_and_falls_back_to_the_decile_cdf()
    {
        const string Old = """
            {
              "format_version": 1,
              "rows": 10,
              "features": [
                {
                  "name": "x",
                  "kind": "numeric",
                  "count": 10,
                  "missing": 0,
                  "mean": 4.5,
                  "std": 3.0276503540974917,
                  "min": 0,
                  "max": 9,
                  "bin_edges": [0.9, 1.8, 2.7, 3.6, 4.5, 5.4, 6.3, 7.2, 8.1],
                  "bin_counts": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
                },
                { "name": "color", "kind": "categorical", "count": 3, "missing": 0, "categories": [{ "value": "red", "count": 3 }], "other_count": 0 }
              ]
            }
            """;

        var profile = TrainingProfile.Parse(Old);
        var x = profile.Find("x")!;

        Assert.Empty(x.Percentiles);
        Assert.Equal([0, 0.9, 1.8, 2.7, 3.6, 4.5, 5.4, 6.3, 7.2, 8.1, 9], x.ReferenceQuantiles());
        Assert.Empty(profile.Find("color")!.ReferenceQuantiles());
        Assert.DoesNotContain("percentiles", profile.ToJson(), StringComparison.Ordinal);
        Assert.Equal(profile.ToJson(), TrainingProfile.Parse(profile.ToJson()).ToJson());
    }

    [Fact]
    public void Percentiles_of_the_wrong_length_or_order_are_refused_with_the_feature_named()
    {
        static string With(string percentiles) =>
            "{\"rows\": 1, \"features\": [{\"name\": \"x\", \"kind\": \"numeric\", \"count\": 1, \"percentiles\": " + percentiles + "}]}";

        var shortList = Assert.Throws<ConfigException>(() => TrainingProfile.Parse(With("[1, 2, 3]")));
        Assert.Contains("feature 'x'", shortList.Message, StringComparison.Ordinal);
        Assert.Contains("101", shortList.Message, StringComparison.Ordinal);
        var descending = Enumerable.Range(0, 101).Select(i => (100 - i).ToString(CultureInfo.InvariantCulture));
        var unordered = Assert.Throws<ConfigException>(() => TrainingProfile.Parse(With("[" + string.Join(",", descending) + "]")));
        Assert.Contains("not ascending", unordered.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_falls_in_the_bin_after_the_edges_strictly_below_it()
    {
        var f = new FeatureProfile { Name = "x", Kind = FeatureKind.Numeric, BinEdges = [1, 2, 2, 3] };
        Assert.Equal(0, f.BinOf(0.5));
        Assert.Equal(0, f.BinOf(1));
        Assert.Equal(1, f.BinOf(1.5));
        Assert.Equal(1, f.BinOf(2));
        Assert.Equal(3, f.BinOf(2.5));
        Assert.Equal(3, f.BinOf(3));
        Assert.Equal(4, f.BinOf(3.5));
    }

    private static string ToJson(Dictionary<string, List<string>> columns)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, values) in columns)
            {
                w.WriteStartArray(name);
                foreach (var v in values) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    // numpy.quantile (linear), mean, std(ddof=1), min, max and searchsorted(edges, x, 'left') counts of each column's CSV text.
    private static JsonElement Numpy(Dictionary<string, List<string>> columns)
    {
        const string Script = """
            import json, sys
            import numpy as np
            out = {}
            for name, values in json.load(sys.stdin).items():
                x = np.array([float(v) for v in values])
                q = np.quantile(x, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
                counts = np.bincount(np.searchsorted(q, x, side="left"), minlength=10)
                out[name] = {"deciles": q.tolist(), "counts": counts.tolist(), "mean": x.mean(), "std": x.std(ddof=1), "min": x.min(), "max": x.max(),
                             "percentiles": np.quantile(x, np.arange(101) / 100).tolist()}
            print(json.dumps(out))
            """;
        string?[] candidates = [Environment.GetEnvironmentVariable("MLOPSKIT_PYTHON"), "python3", "/usr/bin/python3"];
        foreach (var python in candidates.OfType<string>().Where(c => c.Length > 0).Distinct())
        {
            var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                continue;
            }
            using (process)
            {
                process.StandardInput.Write(ToJson(columns));
                process.StandardInput.Close();
                var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                var stdout = process.StandardOutput.ReadToEnd();
                Assert.True(process.WaitForExit(60_000), $"{python} did not finish in 60 s");
                if (process.ExitCode == 0) return JsonDocument.Parse(stdout).RootElement.Clone();
                if (!stderr.Result.Contains("No module named 'numpy'", StringComparison.Ordinal))
                    Assert.Fail($"{python} failed: {stderr.Result}");
            }
        }
        Assert.Fail("python3 with numpy is needed to check the deciles: apt-get install python3-numpy (./build.sh test installs python3-sklearn, which brings it).");
        return default;
    }
}
