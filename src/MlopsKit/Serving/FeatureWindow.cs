namespace MlopsKit.Serving;

/// <summary>The last N served values of one feature (a ring buffer): appended on the request path, copied out at scrape time.</summary>
/// <remarks>The lock only guards copying a request's few values in or the window out, so the request path never waits on a scrape's statistics.</remarks>
internal sealed class FeatureWindow(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private readonly Lock _lock = new();
    private long _written;

    public int Capacity => _values.Length;

    public void Append(ReadOnlySpan<double> values)
    {
        // Of a batch larger than the window only its tail survives.
        if (values.Length > _values.Length) values = values[^_values.Length..];
        lock (_lock)
        {
            var start = (int)(_written % _values.Length);
            var first = Math.Min(values.Length, _values.Length - start);
            values[..first].CopyTo(_values.AsSpan(start));
            values[first..].CopyTo(_values);
            _written += values.Length;
        }
    }

    /// <summary>A copy of the values in the window (at most <see cref="Capacity"/>), in no particular order.</summary>
    public double[] Snapshot()
    {
        lock (_lock)
        {
            return _values.AsSpan(0, (int)Math.Min(_written, _values.Length)).ToArray();
        }
    }
}
