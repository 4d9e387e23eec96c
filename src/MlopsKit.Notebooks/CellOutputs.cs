using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace MlopsKit.Notebooks;

/// <summary>Collects the kernel events of one cell as it runs and turns them into notebook outputs.</summary>
internal sealed class CellOutputs
{
    private readonly List<KernelEvent> _events = [];
    private readonly Lock _lock = new();

    public void Add(KernelEvent e)
    {
        lock (_lock) _events.Add(e);
    }

    /// <summary>
    /// Completes what was collected live with the command's own event list: its events the subscription missed come first. Events of
    /// commands the cell's code sent itself (a magic submitted through the root kernel) reach only the live subscription, so they stay.
    /// </summary>
    public void Merge(IEnumerable<KernelEvent> events)
    {
        lock (_lock)
        {
            var live = new HashSet<KernelEvent>(_events, ReferenceEqualityComparer.Instance);
            _events.InsertRange(0, events.Where(e => !live.Contains(e)));
        }
    }

    /// <summary>The first failure's message, or null when the cell has none.</summary>
    public CommandFailed? Failure
    {
        get
        {
            lock (_lock) return _events.OfType<CommandFailed>().FirstOrDefault();
        }
    }

    /// <summary>Outputs in event order: execute_result, display_data (updated in place), stream (adjacent chunks merged), error.</summary>
    public List<InteractiveDocumentOutputElement> ToOutputs(int executionCount, string? timeoutError)
    {
        KernelEvent[] events;
        lock (_lock) events = [.. _events];
        var outputs = new List<InteractiveDocumentOutputElement>();
        var displays = new Dictionary<string, DisplayElement>(StringComparer.Ordinal);
        var failed = false;
        foreach (var e in events)
            switch (e)
            {
                case DisplayedValueUpdated u when u.ValueId is not null && displays.TryGetValue(u.ValueId, out var old):
                    old.Data.Clear();
                    foreach (var v in u.FormattedValues) old.Data[v.MimeType] = v.Value;
                    break;
                case ReturnValueProduced r:
                    var result = new ReturnValueElement { ExecutionOrder = executionCount };
                    foreach (var v in r.FormattedValues) result.Data[v.MimeType] = v.Value;
                    outputs.Add(result);
                    break;
                // Standard output and error derive from DisplayEvent, so they are matched first.
                case StandardOutputValueProduced so:
                    AddStream(outputs, "stdout", so.FormattedValues.Select(v => v.Value));
                    break;
                case StandardErrorValueProduced se:
                    AddStream(outputs, "stderr", se.FormattedValues.Select(v => v.Value));
                    break;
                case DisplayEvent d:
                    var element = new DisplayElement(d.FormattedValues.GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => (object)g.Last().Value));
                    if (d.ValueId is not null) displays[d.ValueId] = element;
                    outputs.Add(element);
                    break;
                case CommandFailed f when !failed:
                    failed = true;
                    outputs.Add(Error(f));
                    break;
            }
        if (timeoutError is not null)
            outputs.Add(new ErrorElement(timeoutError, "TimeoutException", [timeoutError]));
        return outputs;
    }

    /// <summary>The error output: the exception type as ename, its message as evalue, the kernel's full message (stack included) as the traceback.</summary>
    private static ErrorElement Error(CommandFailed f)
    {
        var (name, message) = Describe(f);
        var lines = f.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        return new ErrorElement(message, name, lines.Length > 0 ? lines : [$"{name}: {message}"]);
    }

    /// <summary>A failure as (kind, one-line message): the exception's own message, not its stack.</summary>
    public static (string Name, string Message) Describe(CommandFailed f) => f.Exception switch
    {
        null => ("Error", f.Message),
        var ex when ex.GetType().Name == "CodeSubmissionCompilationErrorException" => ("CompilationError", f.Message),
        var ex => (ex.GetType().Name, ex.Message),
    };

    private static void AddStream(List<InteractiveDocumentOutputElement> outputs, string name, IEnumerable<string> chunks)
    {
        var text = string.Concat(chunks);
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
            outputs[^1] = new TextElement(last.Text + text, name);
        else
            outputs.Add(new TextElement(text, name));
    }
}
