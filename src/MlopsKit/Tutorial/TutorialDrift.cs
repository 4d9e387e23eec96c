namespace MlopsKit.Tutorial;

/// <summary>A feature's drift as Prometheus read it, after in-distribution traffic and after shifted traffic.</summary>
public sealed record TutorialDrift(string Feature, double PsiBefore, double PsiAfter, double KsAfter);
