using Dapper;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

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

    private readonly NpgsqlConnection _connection;
    private readonly int _space;
    private readonly int _key;

    private KeyLock(NpgsqlConnection connection, int space, int key) => (_connection, _space, _key) = (connection, space, key);

    /// <summary>The lock, or null when another worker holds it.</summary>
    public static async Task<KeyLock?> TryTakeAsync(NpgsqlDataSource dataSource, int space, Guid key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hashed = Hash(key);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@space, @hashed)", new { space, hashed }, cancellationToken: cancellationToken)))
        {
            return new KeyLock(connection, space, hashed);
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>The lock, waiting for it as long as <paramref name="cancellationToken"/> allows.</summary>
    public static async Task<KeyLock> TakeAsync(NpgsqlDataSource dataSource, int space, Guid key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hashed = Hash(key);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_lock(@space, @hashed)", new { space, hashed }, cancellationToken: cancellationToken));
            return new KeyLock(connection, space, hashed);
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
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@space, @key)", new { space = _space, key = _key });
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>A UUID folded into the 32 bits an advisory lock key has; two keys that collide only wait for each other.</summary>
    private static int Hash(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes);
        return words[0] ^ words[1] ^ words[2] ^ words[3];
    }
}
