namespace Nfp.Hosting.Migrations;

/// <summary>A migration script failed and was rolled back; the database is at the script before it.</summary>
public sealed class SchemaMigrationException(string script, Exception inner)
    : Exception($"Migration {script} failed: {inner.Message}", inner)
{
    public string Script { get; } = script;
}
