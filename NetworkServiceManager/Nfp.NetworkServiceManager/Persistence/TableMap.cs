using System.Reflection;
using System.Text.Json;
using Dapper;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// How a resource record maps to its table: every constructor parameter is a column of the same name in
/// snake_case, selected in constructor order so that Dapper can build the record. Enum values are stored
/// by their wire names and dictionaries as jsonb. Written by hand because Dapper passes enums as numbers
/// and has no snake_case constructor mapping of its own.
/// </summary>
internal sealed class TableMap<T> where T : IResource
{
    /// <summary>Columns the database fills in: timestamps and the optimistic-concurrency version.</summary>
    private static readonly HashSet<string> DatabaseKept = ["created_at", "updated_at", "version", "started_at", "state_entered_at"];

    public TableMap(string table, IReadOnlyDictionary<string, string>? computed = null)
    {
        Table = table;
        var constructor = typeof(T).GetConstructors().Single();
        Columns = constructor.GetParameters().Select(parameter =>
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name!);
            return new TableColumn(
                name,
                parameter.Name!,
                parameter.ParameterType,
                DatabaseKept.Contains(name),
                computed?.GetValueOrDefault(name),
                DatabaseValue.Converter(parameter.ParameterType),
                DatabaseValue.FilterParser(parameter.ParameterType));
        }).ToList();
        _properties = typeof(T).GetProperties().ToDictionary(p => p.Name);
        SelectList = string.Join(", ", Columns.Select(c => c.SelectSql));
        DapperTypeHandlers.Register();
    }

    public string Table { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public string SelectList { get; }

    private readonly Dictionary<string, PropertyInfo> _properties;

    public TableColumn Column(string name) => Columns.Single(c => c.Name == name);

    public string InsertSql
    {
        get
        {
            var written = Columns.Where(c => c.IsWritten).ToList();
            return $"INSERT INTO {Table} ({string.Join(", ", written.Select(c => c.Name))}) " +
                   $"VALUES ({string.Join(", ", written.Select(c => c.ParameterSql))}) RETURNING {SelectList}";
        }
    }

    /// <summary>Writes every written column and bumps the version, if the row is still at the version read.</summary>
    public string UpdateSql
    {
        get
        {
            var sets = Columns.Where(c => c.IsWritten && c.Name != "id").Select(c => $"{c.Name} = {c.ParameterSql}");
            return $"UPDATE {Table} SET {string.Join(", ", sets)}, updated_at = now(), version = version + 1 " +
                   $"WHERE id = @Id AND version = @Version RETURNING {SelectList}";
        }
    }

    /// <summary>The record's values as query parameters, converted to what the columns hold.</summary>
    public DynamicParameters Parameters(T resource)
    {
        var parameters = new DynamicParameters();
        foreach (var column in Columns.Where(c => c.Computed is null))
        {
            parameters.Add(column.Parameter, column.ToDatabase(_properties[column.Parameter].GetValue(resource)));
        }
        return parameters;
    }
}
