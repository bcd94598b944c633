using System.Collections.Concurrent;
using Npgsql;

namespace Nfp.NetworkServiceManager.Api.Auth;

/// <summary>
/// The tokens found valid, kept so that a request with one costs no PostgreSQL round trip (docs/benchmarks.md,
/// issue 16: that round trip made an authenticated list 1.2–1.6 × slower). A revocation reaches every
/// manager at once: the revoking statement NOTIFYs <see cref="Channel"/> with the token's id, delivered when
/// it commits, and each manager LISTENs on a connection of its own (outside the pool, whose size the
/// workers count on) and forgets the token. The manager that revokes forgets it before it answers. While
/// that connection is not listening — starting, or lost and being made again — nothing is kept or taken
/// from here: every request reads the table. An expired token is refused by the expiry kept with it.
/// </summary>
public sealed partial class ValidTokens(IConfiguration configuration, ILogger<ValidTokens> logger) : BackgroundService
{
    public const string Channel = "nfp_api_token_revoked";

    private readonly ConcurrentDictionary<string, ApiToken> _byHash = new();
    private volatile bool _listening;

    // Moves on each revocation and each loss of the listening connection: a token read as valid before
    // either is not kept after it (the read may predate the revocation).
    private long _epoch;

    /// <summary>What <see cref="Keep"/> needs: taken before the table is read.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>The valid token with this hash, if it is kept.</summary>
    public ApiToken? Find(string hash) =>
        _listening && _byHash.TryGetValue(hash, out var token) && !(token.ExpiresAt <= DateTimeOffset.UtcNow) ? token : null;

    /// <summary>Keeps a token read as valid when the epoch was <paramref name="epoch"/>, if nothing was revoked since.</summary>
    public void Keep(string hash, ApiToken token, long epoch)
    {
        if (_listening && Epoch == epoch)
        {
            _byHash[hash] = token;
            if (Epoch != epoch)
            {
                _byHash.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Forgets the token <paramref name="id"/>: it is read from the table again, and refused there.</summary>
    public void Forget(Guid id)
    {
        Interlocked.Increment(ref _epoch);
        foreach (var (hash, token) in _byHash)
        {
            if (token.Id == id)
            {
                _byHash.TryRemove(hash, out _);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = new NpgsqlConnectionStringBuilder(Hosting.NfpConnectionStrings.Required(configuration, "Postgres"))
        {
            Pooling = false,
            ApplicationName = "nfp-network-service-manager-tokens",
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listener);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id))
                    {
                        Forget(id);
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _listening = true;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenLost(e);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                _listening = false;
                Interlocked.Increment(ref _epoch);
                _byHash.Clear();
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for token revocations failed; every request reads its token from the table until it listens again.")]
    private partial void LogListenLost(Exception exception);
}
