namespace MlopsKit.Tracking;

/// <summary>Generates readable run names in MLflow's <c>adjective-noun-NNN</c> form.</summary>
public static class RunNames
{
    private static readonly string[] s_adjectives =
    [
        "amber", "brave", "calm", "clever", "crisp", "dapper", "eager", "fleet", "gentle", "glad", "honest", "humble", "jolly",
        "keen", "lively", "lucid", "merry", "nimble", "noble", "polite", "quiet", "rapid", "sincere", "smooth", "steady", "sunny",
        "tidy", "upbeat", "valiant", "vivid", "warm", "witty", "zesty",
    ];

    private static readonly string[] s_nouns =
    [
        "badger", "bee", "crane", "dolphin", "eagle", "falcon", "finch", "fox", "gecko", "hare", "heron", "ibis", "jay", "koala",
        "lark", "lynx", "mole", "newt", "otter", "owl", "panda", "puffin", "quail", "raven", "robin", "seal", "shrew", "swan",
        "tiger", "toad", "wolf", "wren", "yak",
    ];

    /// <summary>A new name such as <c>brave-otter-417</c>.</summary>
    public static string Next() =>
        $"{s_adjectives[Random.Shared.Next(s_adjectives.Length)]}-{s_nouns[Random.Shared.Next(s_nouns.Length)]}-{Random.Shared.Next(1000)}";
}
