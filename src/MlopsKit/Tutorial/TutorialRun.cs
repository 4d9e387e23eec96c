namespace MlopsKit.Tutorial;

/// <summary>One tracked run of the tracking chapter, as the report lists it.</summary>
public sealed record TutorialRun(string Experiment, string RunId, string Name, IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, double> Metrics);
