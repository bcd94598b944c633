using System.Security.Cryptography;
using System.Text;
using Dapper;
using Nfp.Schema.Json;
using Npgsql;

namespace Nfp.NetworkServiceManager.Api.Auth;

/// <summary>
/// The operator API's tokens (api_tokens). A token is 32 random bytes, base64url (43 characters), made
/// here and shown once; it is kept as its SHA-256 (hex), and a request's token is found by that hash.
/// </summary>
public sealed class ApiTokenRepository(NpgsqlDataSource dataSource, ValidTokens valid)
{
    private const string Columns = "id, name, tenant_id, role, created_at, expires_at, revoked_at";

    // Its rows are read by column names with underscores, as every repository's (TableMap registers the same).
    static ApiTokenRepository() => Persistence.DapperTypeHandlers.Register();

    public static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<ApiTokenCreated> CreateAsync(CreateApiToken request, CancellationToken cancellationToken)
    {
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expiresAt = request.ExpiresInSeconds is { } seconds ? DateTimeOffset.UtcNow.AddSeconds(seconds) : (DateTimeOffset?)null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO api_tokens (id, name, tenant_id, role, token_sha256, expires_at)
            VALUES (@id, @name, @tenantId, @role, @hash, @expiresAt) RETURNING {Columns}
            """,
            new { id = Guid.NewGuid(), name = request.Name, tenantId = request.TenantId, role = NfpJson.WireName(request.Role), hash = Sha256(secret), expiresAt },
            cancellationToken: cancellationToken));
        return new ApiTokenCreated(row.ToToken(), secret);
    }

    /// <summary>
    /// The admin token whose SHA-256 is <paramref name="sha256"/> (deploy/up.sh's, from the manager's
    /// configuration): kept once, and valid again if it was revoked — it is the way back in.
    /// </summary>
    public async Task EnsureBootstrapAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_tokens (id, name, role, token_sha256) VALUES (@id, 'bootstrap admin', 'admin', @sha256)
            ON CONFLICT (token_sha256) DO UPDATE SET revoked_at = NULL, expires_at = NULL, role = 'admin', tenant_id = NULL
            """, new { id = Guid.NewGuid(), sha256 = sha256.ToLowerInvariant() }, cancellationToken: cancellationToken));
    }

    /// <summary>The token <paramref name="secret"/> names, unless it is unknown, revoked or expired (<see cref="ValidTokens"/> keeps those found).</summary>
    public async Task<ApiToken?> FindValidAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Sha256(secret);
        if (valid.Find(hash) is { } kept)
        {
            return kept;
        }
        var epoch = valid.Epoch;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM api_tokens
            WHERE token_sha256 = @hash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            """, new { hash }, cancellationToken: cancellationToken));
        var token = row?.ToToken();
        if (token is not null)
        {
            valid.Keep(hash, token, epoch);
        }
        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_tokens ORDER BY created_at, id", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToToken()).ToList();
    }

    /// <summary>
    /// Revokes the token, telling every manager (<see cref="ValidTokens.Channel"/>) as it commits, and this one
    /// before it returns; false when there is none with this id.
    /// </summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var revoked = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            WITH revoked AS (UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id RETURNING id)
            SELECT count(pg_notify('{ValidTokens.Channel}', id::text)) FROM revoked
            """, new { id }, cancellationToken: cancellationToken));
        valid.Forget(id);
        return revoked == 1;
    }

    private sealed record Row(Guid Id, string Name, Guid? TenantId, string Role, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt)
    {
        public ApiToken ToToken() => new(Id, Name, TenantId, NfpJson.ParseWireName<ApiRole>(Role), Utc(CreatedAt),
            ExpiresAt is { } expires ? Utc(expires) : null, RevokedAt is { } revoked ? Utc(revoked) : null);

        private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
    }
}
