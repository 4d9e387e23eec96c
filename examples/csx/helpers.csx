// Shared by data.csx, serving.csx and monitoring.csx through '#load "helpers.csx"'.
// How MlopsKit is referenced: `#r "nuget: MlopsKit, *-*"`. Under `mlops script run` it binds to the mlops tool's own MlopsKit
// (no restore, works offline; other `#r "nuget:"` packages restore as in notebooks). Under dotnet-script, run `./build.sh pack`
// first: NuGet.Config here points at ../../artifacts/packages, where the newest prerelease wins.
#r "nuget: MlopsKit, *-*"
using System.Globalization;
using MlopsKit.Datasets;
using MlopsKit.Training;

/// A new, empty folder under the temp folder, or the one given.
string NewFolder(string name, string given = null) =>
    Directory.CreateDirectory(given ?? Path.Combine(Path.GetTempPath(), $"mlopskit-{name}-{Guid.NewGuid():N}")).FullName;

void Say(string chapter, string text) => Console.WriteLine($"[{chapter}] {text}");

/// The 150 iris flowers as name -> value rows, the shape ModelClient sends.
List<Dictionary<string, object>> IrisRows()
{
    var features = TutorialFrames.FeatureNames(SampleData.Iris);
    var columns = SampleData.Iris.Columns.ToList();
    return SampleData.Iris.Rows()
        .Select(values => features.ToDictionary(f => f, f => (object)double.Parse(values[columns.IndexOf(f)], CultureInfo.InvariantCulture)))
        .ToList();
}
