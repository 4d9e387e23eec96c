using System.Collections.Concurrent;
using Microsoft.ML;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>Scores small requests on a pool of reusable ML.NET row mappers (one per worker) and large batches with one <c>Transform</c>.</summary>
/// <remarks>
/// Each worker holds what ML.NET's <c>PredictionEngine</c> holds, for a schema known only at run time: a row-to-row mapper built once from the
/// model, a mutable input row over the request's converted columns, and the output getters. Input is checked and converted by the same code
/// as <see cref="LoadedModel.Predict"/> before a worker is taken, so errors, values and output rows are the same; requests above
/// <see cref="MaxPooledRows"/> rows go to <see cref="LoadedModel.Predict"/> itself, where one cursor over the batch is cheaper than the
/// per-request setup it saves. Thread-safe: a worker serves one request at a time; callers wait when all are busy.
/// </remarks>
public sealed class PooledScorer : IModelScorer, IDisposable
{
    /// <summary>The default largest request scored on a pooled worker.</summary>
    public const int DefaultMaxPooledRows = 16;

    private readonly LoadedModel _model;
    private readonly ConcurrentBag<Worker> _idle = [];
    private readonly Worker[] _all;
    private readonly SemaphoreSlim _available;

    /// <summary>Builds <paramref name="workers"/> row mappers for <paramref name="model"/> (a few milliseconds each).</summary>
    public PooledScorer(LoadedModel model, int workers, int maxPooledRows = DefaultMaxPooledRows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPooledRows);
        _model = model;
        MaxPooledRows = maxPooledRows;
        _all = Enumerable.Range(0, workers).Select(_ => new Worker(model)).ToArray();
        foreach (var worker in _all) _idle.Add(worker);
        _available = new SemaphoreSlim(workers, workers);
    }

    /// <summary>How many requests are scored at once on pooled workers.</summary>
    public int Workers => _all.Length;

    /// <summary>Requests with more rows than this use one <c>Transform</c> over the batch instead of a worker.</summary>
    public int MaxPooledRows { get; }

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        if (rows.Count > MaxPooledRows) return _model.Predict(rows);
        var columns = InputConverter.Columns(_model.InputSchema, _model.Signature, _model.LabelColumn, rows);
        _available.Wait();
        if (!_idle.TryTake(out var worker))
        {
            _available.Release();
            throw new InvalidOperationException("the scorer's pool is empty although its semaphore was free; this is a bug.");
        }
        try
        {
            return worker.Score(columns, rows.Count);
        }
        finally
        {
            _idle.Add(worker);
            _available.Release();
        }
    }

    /// <summary>Releases the workers' rows.</summary>
    public void Dispose()
    {
        foreach (var worker in _all) worker.Dispose();
        _available.Dispose();
    }

    private sealed class Worker : IDisposable
    {
        private readonly ArrayRow _input;
        private readonly DataViewRow _output;
        private readonly (string Name, Func<object?> Get)[] _getters;

        public Worker(LoadedModel model)
        {
            _input = new ArrayRow(model.InputSchema);
            var mapper = model.Transformer.GetRowToRowMapper(model.InputSchema);
            var columns = model.OutputColumns(mapper.OutputSchema);
            _output = mapper.GetRow(_input, columns);
            _getters = columns.Select(c => (c.Name, RowValues.Getter(_output, c))).ToArray();
        }

        public List<IReadOnlyDictionary<string, object?>> Score(Array[] columns, int count)
        {
            _input.Load(columns);
            try
            {
                var results = new List<IReadOnlyDictionary<string, object?>>(count);
                for (var r = 0; r < count; r++)
                {
                    _input.MoveTo(r);
                    var row = new Dictionary<string, object?>(_getters.Length, StringComparer.Ordinal);
                    foreach (var (name, get) in _getters) row[name] = get();
                    results.Add(row);
                }
                return results;
            }
            finally
            {
                _input.Clear();
            }
        }

        public void Dispose()
        {
            _output.Dispose();
            _input.Dispose();
        }
    }
}
