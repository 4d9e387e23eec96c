using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive.Documents;

namespace MlopsKit.Notebooks;

/// <summary>papermill-style parameters: finds the <c>parameters</c> cell and injects a cell of C# declarations after it.</summary>
internal static class NotebookParameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>Parses <c>name=value</c> (the CLI's <c>-p</c>); a bad token is a <see cref="ConfigException"/> that shows the expected form.</summary>
    public static KeyValuePair<string, string> Parse(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
            throw new ConfigException($"parameter '{token}' must look like name=value, for example -p alpha=0.01.");
        var name = token[..eq].Trim();
        return new(name, token[(eq + 1)..]);
    }

    /// <summary>Adds the injected-parameters cell after the parameters cell (or first, when there is none); returns its position, or -1 if nothing was injected.</summary>
    public static int Inject(InteractiveDocument document, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0) return -1;
        foreach (var (name, _) in parameters)
            if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
                throw new ConfigException($"parameter name '{name}' is not a C# identifier; use letters, digits and '_' (for example -p learning_rate=0.01).");
        // A re-run of an executed notebook replaces the previous injection rather than stacking a second one.
        var old = IndexOf(document.Elements, HasTag(InjectedTag));
        if (old >= 0) document.Elements.RemoveAt(old);
        var at = IndexOf(document.Elements, e => HasTag(ParametersTag)(e) || IsDibParametersCell(e));
        var code = string.Join('\n', parameters.Select(p => $"var {p.Key} = {Literal(p.Value)};"));
        var cell = new InteractiveDocumentElement("// Injected by mlops notebook run -p\n" + code, NotebookFile.CSharp)
        {
            Id = NotebookFile.NewId(),
            Metadata = new Dictionary<string, object> { ["tags"] = new object[] { InjectedTag } },
        };
        var position = at >= 0 ? at + 1 : FirstCodeCell(document);
        document.Elements.Insert(position, cell);
        return position;
    }

    /// <summary>The C# literal for a parameter: integers, decimals and true/false as they are, anything else as a quoted string.</summary>
    public static string Literal(string value)
    {
        var trimmed = value.Trim();
        if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i.ToString(CultureInfo.InvariantCulture);
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l.ToString(CultureInfo.InvariantCulture) + "L";
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && trimmed.Any(char.IsDigit))
        {
            // "R" keeps every digit; a decimal point makes C# infer double even for whole values such as 1e3.
            var text = d.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
        }
        if (trimmed is "true" or "false") return trimmed;
        return SymbolDisplay.FormatLiteral(value, quote: true);
    }

    private static Predicate<InteractiveDocumentElement> HasTag(string tag) => e =>
        e.Metadata is not null && e.Metadata.TryGetValue("tags", out var tags) && tags is System.Collections.IEnumerable list && tags is not string
        && list.Cast<object?>().Any(t => string.Equals(t?.ToString(), tag, StringComparison.Ordinal));

    private static bool IsDibParametersCell(InteractiveDocumentElement e) =>
        !NotebookFile.IsMarkdown(e) && e.Contents.TrimStart().Split('\n', 2)[0].Trim() is "// parameters" or "//parameters";

    private static int FirstCodeCell(InteractiveDocument document)
    {
        var i = IndexOf(document.Elements, e => !NotebookFile.IsMarkdown(e));
        return i >= 0 ? i : document.Elements.Count;
    }

    private static int IndexOf(IList<InteractiveDocumentElement> elements, Predicate<InteractiveDocumentElement> match)
    {
        for (var i = 0; i < elements.Count; i++)
            if (match(elements[i])) return i;
        return -1;
    }
}
