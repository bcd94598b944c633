using Dapper;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// PostgreSQL session advisory locks on binding keys: what keeps the events of one key one at a time
/// across every worker of every manager instance. A lock is held by a connection of its own and released
/// when disposed — or by PostgreSQL when the holder dies, so a killed manager holds nothing.
/// </summary>
internal sealed class KeyLock : IAsyncDisposable
{
    /// <summary>Lock spaces (the first key of the two-key advisory lock).</summary>
    public const int NetworkService = 1;
    public const int Device = 2;

    /// <summary>
    /// The lock's second key: the UUID hashed by PostgreSQL's own hashtext, so that SQL can name the lock
    /// too (the sweeper skips keys whose lock is held). Two keys that collide only wait for each other.
    /// </summary>
    public const string KeySql = "hashtext(@key::text)";

    private readonly NpgsqlConnection _connection;
    private readonly int _space;
    private readonly Guid _key;

    private KeyLock(NpgsqlConnection connection, int space, Guid key) => (_connection, _space, _key) = (connection, space, key);

    /// <summary>The lock, or null when another worker holds it.</summary>
    public static async Task<KeyLock?> TryTakeAsync(NpgsqlDataSource dataSource, int space, Guid key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"SELECT pg_try_advisory_lock(@space, {KeySql})", new { space, key }, cancellationToken: cancellationToken)))
        {
            return new KeyLock(connection, space, key);
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>The lock, waiting for it as long as <paramref name="cancellationToken"/> allows.</summary>
    public static async Task<KeyLock> TakeAsync(NpgsqlDataSource dataSource, int space, Guid key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT pg_advisory_lock(@space, {KeySql})", new { space, key }, cancellationToken: cancellationToken));
            return new KeyLock(connection, space, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A pooled connection keeps its session (and so its locks) after Close: unlock explicitly.
            await _connection.ExecuteAsync($"SELECT pg_advisory_unlock(@space, {KeySql})", new { space = _space, key = _key });
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

}
