using System.Data;
using System.Text.Json;
using Dapper;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// Teaches Dapper to read the column types it cannot map to our records by itself: timestamptz as
/// <see cref="DateTimeOffset"/>, jsonb dictionaries and documents, and uuid arrays. (Dapper ignores handlers for enums,
/// which is why <see cref="DatabaseValue"/> converts them both ways in SQL and parameters.)
/// </summary>
internal static class DapperTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        // Columns are the snake_case of the records' constructor parameters.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new JsonDictionaryHandler());
        SqlMapper.AddTypeHandler(new GuidListHandler());
        SqlMapper.AddTypeHandler(new JsonElementHandler());
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset at => at,
            DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a timestamp."),
        };

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();
    }

    private sealed class JsonDictionaryHandler : SqlMapper.TypeHandler<IReadOnlyDictionary<string, string>>
    {
        public override IReadOnlyDictionary<string, string> Parse(object value) =>
            JsonSerializer.Deserialize<Dictionary<string, string>>((string)value) ?? [];

        public override void SetValue(IDbDataParameter parameter, IReadOnlyDictionary<string, string>? value) =>
            parameter.Value = JsonSerializer.Serialize(value);
    }

    private sealed class JsonElementHandler : SqlMapper.TypeHandler<JsonElement>
    {
        public override JsonElement Parse(object value)
        {
            using var document = JsonDocument.Parse((string)value);
            return document.RootElement.Clone();
        }

        public override void SetValue(IDbDataParameter parameter, JsonElement value) => parameter.Value = value.GetRawText();
    }

    private sealed class GuidListHandler : SqlMapper.TypeHandler<IReadOnlyList<Guid>>
    {
        public override IReadOnlyList<Guid> Parse(object value) => (Guid[])value;

        public override void SetValue(IDbDataParameter parameter, IReadOnlyList<Guid>? value) => parameter.Value = value?.ToArray();
    }
}
