using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Models;

/// <summary>An <see cref="IDataView"/> over column arrays built at run time, with a caller-given schema (the model's own input schema).</summary>
/// <remarks>Immutable once built, so any number of cursors may read it at once; vector getters copy into the caller's buffer.</remarks>
internal sealed class InMemoryDataView : IDataView
{
    private readonly ColumnData[] _columns;
    private readonly int _rowCount;

    /// <summary>A view of <paramref name="rowCount"/> rows; <paramref name="columns"/>[i] holds schema column i (T[] or VBuffer&lt;T&gt;[]).</summary>
    public InMemoryDataView(DataViewSchema schema, IReadOnlyList<Array> columns, int rowCount)
    {
        Schema = schema;
        _rowCount = rowCount;
        _columns = new ColumnData[schema.Count];
        for (var i = 0; i < schema.Count; i++)
            _columns[i] = ColumnData.Create(columns[i]);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private abstract class ColumnData
    {
        public abstract Delegate Getter(Cursor cursor);

        public static ColumnData Create(Array values)
        {
            var element = values.GetType().GetElementType()!;
            var generic = element.IsGenericType && element.GetGenericTypeDefinition() == typeof(VBuffer<>)
                ? typeof(VectorData<>).MakeGenericType(element.GetGenericArguments()[0])
                : typeof(ScalarData<>).MakeGenericType(element);
            return (ColumnData)Activator.CreateInstance(generic, values)!;
        }
    }

    private sealed class ScalarData<T>(T[] values) : ColumnData
    {
        public override Delegate Getter(Cursor cursor) => (ValueGetter<T>)((ref T value) => value = values[cursor.Row]);
    }

    private sealed class VectorData<T>(VBuffer<T>[] values) : ColumnData
    {
        public override Delegate Getter(Cursor cursor) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => values[cursor.Row].CopyTo(ref value));
    }

    private sealed class Cursor(InMemoryDataView view, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public int Row => (int)_position;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._rowCount)
            {
                _position = view._rowCount;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created.");
            return view._columns[column.Index].Getter(this) as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' holds {column.Type}, not {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
    }
}
