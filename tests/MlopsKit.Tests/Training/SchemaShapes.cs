using System.Reflection;
using Microsoft.ML;

namespace MlopsKit.Tests.Training;

/// <summary>The <see cref="SchemaShape"/> of a data view; ML.NET keeps <c>SchemaShape.Create</c> internal, so tests reach it by reflection.</summary>
internal static class SchemaShapes
{
    public static SchemaShape Of(DataViewSchema schema) => (SchemaShape)typeof(SchemaShape)
        .GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(DataViewSchema)])!
        .Invoke(null, [schema])!;
}
