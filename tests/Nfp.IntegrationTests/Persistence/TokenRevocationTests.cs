using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Api.Auth;

namespace Nfp.IntegrationTests.Persistence;

/// <summary>
/// Valid tokens kept in memory (<see cref="ValidTokens"/>) over the real PostgreSQL, as two managers on one
/// database keep them: a token found valid is answered without reading the table again, and a revocation
/// by either manager is refused by both — the one that revoked at once, the other as PostgreSQL's NOTIFY reaches it.
/// </summary>
public sealed class TokenRevocationTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly List<ValidTokens> _listeners = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }
    }

    /// <summary>A manager's tokens: its repository, with its listener started and listening.</summary>
    private async Task<ApiTokenRepository> ManagerAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = db.ConnectionString }).Build();
        var valid = new ValidTokens(configuration, NullLogger<ValidTokens>.Instance);
        _listeners.Add(valid);
        await valid.StartAsync(CancellationToken.None);
        var tokens = new ApiTokenRepository(db.DataSource, valid);
        // Listening once a token read is kept: until then every read goes to the table.
        var probe = await tokens.CreateAsync(new CreateApiToken(ApiRole.Admin, Name: "probe"), CancellationToken.None);
        await Eventually.HoldsAsync(async () =>
        {
            await tokens.FindValidAsync(probe.Secret, CancellationToken.None);
            return valid.Find(ApiTokenRepository.Sha256(probe.Secret)) is not null;
        }, TimeSpan.FromSeconds(10), "the token listener listening");
        return tokens;
    }

    [Fact]
    public async Task A_valid_token_is_kept_and_a_revocation_by_either_manager_is_refused_by_both()
    {
        var (first, second) = (await ManagerAsync(), await ManagerAsync());
        var made = await first.CreateAsync(new CreateApiToken(ApiRole.Reader, Guid.NewGuid(), "kept"), CancellationToken.None);
        Assert.NotNull(await first.FindValidAsync(made.Secret, CancellationToken.None));
        Assert.NotNull(await second.FindValidAsync(made.Secret, CancellationToken.None));

        // Revoked behind their backs, without the notice: both still answer from what they keep.
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE api_tokens SET revoked_at = now() WHERE id = @id", new { id = made.Token.Id });
        }
        Assert.NotNull(await second.FindValidAsync(made.Secret, CancellationToken.None));

        // Revoked as NFP revokes: the revoking manager refuses it at once, the other as the notice reaches it.
        Assert.True(await first.RevokeAsync(made.Token.Id, CancellationToken.None));
        Assert.Null(await first.FindValidAsync(made.Secret, CancellationToken.None));
        await Eventually.HoldsAsync(async () => await second.FindValidAsync(made.Secret, CancellationToken.None) is null,
            TimeSpan.FromSeconds(5), "the other manager refusing the revoked token");
    }

    [Fact]
    public async Task A_kept_token_is_refused_once_it_expires()
    {
        var tokens = await ManagerAsync();
        var made = await tokens.CreateAsync(new CreateApiToken(ApiRole.Reader, Guid.NewGuid(), "brief", ExpiresInSeconds: 1), CancellationToken.None);
        Assert.NotNull(await tokens.FindValidAsync(made.Secret, CancellationToken.None));

        await Eventually.HoldsAsync(async () => await tokens.FindValidAsync(made.Secret, CancellationToken.None) is null,
            TimeSpan.FromSeconds(5), "the expired token refused");
    }
}
