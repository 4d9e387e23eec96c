namespace MlopsKit.Tutorial;

/// <summary>One step of the walkthrough as it finished: chapter, title, outcome, time taken and a one-line summary.</summary>
public sealed record TutorialStep(string Chapter, string Title, TutorialStepStatus Status, TimeSpan Elapsed, string Summary);
