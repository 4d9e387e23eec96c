namespace MlopsKit.Tutorial;

/// <summary>One request of the serving chapter: which model and protocol, what was sent and what came back.</summary>
public sealed record TutorialPrediction(string Model, string Protocol, string Route, string Request, string Response);
