using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>--experiment-id</c> / <c>--experiment-name</c>: exactly one, for <c>experiments delete</c> and <c>restore</c>.</summary>
public sealed class ExperimentSelection
{
    private readonly Option<string?> _id = new("--experiment-id", "-x") { Description = "The experiment, by id." };
    private readonly Option<string?> _name = new("--experiment-name", "-n") { Description = "The experiment, by name." };

    /// <summary>Adds both options to a command, with a parse-time check that exactly one is given (else exit 2).</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_id);
        command.Options.Add(_name);
        command.Validators.Add(r =>
        {
            var hasId = r.GetResult(_id) is not null;
            var hasName = r.GetResult(_name) is not null;
            if (hasId && hasName) r.AddError("give the experiment by --experiment-id or by --experiment-name, not both.");
            else if (!hasId && !hasName) r.AddError("name the experiment with --experiment-id or --experiment-name.");
        });
    }

    /// <summary>The selected experiment; <see cref="NotFoundException"/> (exit 4) when there is none.</summary>
    public async Task<Experiment> ResolveAsync(ParseResult parsed, ITrackingStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.GetValue(_id) is { } id) return await store.GetExperimentAsync(id, cancellationToken).ConfigureAwait(false);
        using var client = new TrackingClient(store);
        return await client.GetExperimentByNameAsync(parsed.GetValue(_name)!, cancellationToken).ConfigureAwait(false);
    }
}
