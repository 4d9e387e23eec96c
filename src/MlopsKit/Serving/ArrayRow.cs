using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Serving;

/// <summary>A reusable input row over converted column arrays (see <c>InputConverter.Columns</c>): load a request's arrays, then move row by row.</summary>
/// <remarks>Not thread-safe: one per pooled worker. Every <see cref="MoveTo"/> advances <see cref="Position"/>, which is how ML.NET's mapped rows
/// know their cached values are stale (as in its <c>PredictionEngine</c>).</remarks>
internal sealed class ArrayRow : DataViewRow
{
    private readonly Slot[] _slots;
    private long _position = -1;
    private int _row;

    public ArrayRow(DataViewSchema schema)
    {
        Schema = schema;
        _slots = schema.Select(c => Slot.Create(this, c)).ToArray();
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    /// <summary>Uses <paramref name="columns"/> (schema column i at index i) as the current request's values.</summary>
    public void Load(Array[] columns)
    {
        for (var i = 0; i < _slots.Length; i++) _slots[i].Set(columns[i]);
    }

    /// <summary>Makes row <paramref name="row"/> of the loaded arrays current.</summary>
    public void MoveTo(int row)
    {
        _row = row;
        _position++;
    }

    /// <summary>Drops the request's arrays so an idle worker holds no request data.</summary>
    public void Clear()
    {
        foreach (var slot in _slots) slot.Set(null);
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        _slots[column.Index].Getter as ValueGetter<TValue>
        ?? throw new InvalidOperationException($"column '{column.Name}' holds {column.Type}, not {typeof(TValue).Name}.");

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    private abstract class Slot
    {
        public abstract Delegate Getter { get; }

        public abstract void Set(Array? values);

        public static Slot Create(ArrayRow row, DataViewSchema.Column column)
        {
            var type = column.Type is VectorDataViewType v
                ? typeof(VectorSlot<>).MakeGenericType(v.ItemType.RawType)
                : typeof(ScalarSlot<>).MakeGenericType(column.Type.RawType);
            return (Slot)Activator.CreateInstance(type, row)!;
        }
    }

    private sealed class ScalarSlot<T> : Slot
    {
        private T[] _values = [];

        public ScalarSlot(ArrayRow row) => Getter = (ValueGetter<T>)((ref T value) => value = _values[row._row]);

        public override Delegate Getter { get; }

        public override void Set(Array? values) => _values = (T[]?)values ?? [];
    }

    private sealed class VectorSlot<T> : Slot
    {
        private VBuffer<T>[] _values = [];

        public VectorSlot(ArrayRow row) => Getter = (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _values[row._row].CopyTo(ref value));

        public override Delegate Getter { get; }

        public override void Set(Array? values) => _values = (VBuffer<T>[]?)values ?? [];
    }
}
