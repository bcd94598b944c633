using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Nfp.Popd.Configuration;
using Npgsql;

namespace Nfp.Popd.Auth;

/// <summary>
/// Login tokens, kept in PostgreSQL so that a restarted popd still honours them. A token is 32 random
/// bytes; only its SHA-256 is stored. Tokens expire after <see cref="PopdOptions.TokenTtlSeconds"/>.
/// </summary>
internal sealed class TokenStore(NpgsqlDataSource dataSource, IOptions<PopdOptions> options, TimeProvider clock)
{
    public async Task<string> IssueAsync(string username, CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = clock.GetUtcNow().AddSeconds(options.Value.TokenTtlSeconds);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM pop.tokens WHERE expires_at < now();
            INSERT INTO pop.tokens (token_hash, username, expires_at) VALUES (@hash, @username, @expiresAt);
            """,
            new { hash = Hash(token), username, expiresAt = expiresAt.UtcDateTime }, cancellationToken: cancellationToken));
        return token;
    }

    /// <summary>The user a live token belongs to, or null for an unknown or expired one.</summary>
    public async Task<string?> UserOfAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT username FROM pop.tokens WHERE token_hash = @hash AND expires_at > @now",
            new { hash = Hash(token), now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM pop.tokens WHERE token_hash = @hash", new { hash = Hash(token) }, cancellationToken: cancellationToken));
    }

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
