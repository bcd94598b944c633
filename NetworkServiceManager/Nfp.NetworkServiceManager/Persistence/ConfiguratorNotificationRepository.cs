using Dapper;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// The configurator's answers to config calls (configurator_notifications), kept by operation, method
/// and device (an operation calls each device of an active-standby pair) until the step that made the
/// call reads them: an answer delivered twice is kept once.
/// </summary>
public sealed class ConfiguratorNotificationRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Keeps the answer to <paramref name="method"/> called on <paramref name="nsdId"/> for <paramref name="operationId"/>, unless one is kept already.</summary>
    public async Task KeepAsync(
        Guid operationId, Guid nsdId, ConfiguratorMethod method, ConfigResult result, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO configurator_notifications (operation_id, nsd_id, method, result, reason)
            VALUES (@operationId, @nsdId, @method, @result, @reason) ON CONFLICT DO NOTHING
            """,
            new { operationId, nsdId, method = NfpJson.WireName(method), result = NfpJson.WireName(result), reason },
            cancellationToken: cancellationToken));
    }

    /// <summary>The answer to <paramref name="method"/> called on <paramref name="nsdId"/> for <paramref name="operationId"/>, if it came.</summary>
    public async Task<(ConfigResult Result, string Reason)?> FindAsync(
        Guid operationId, Guid nsdId, ConfiguratorMethod method, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Result, string Reason)?>(new CommandDefinition(
            "SELECT result, reason FROM configurator_notifications WHERE operation_id = @operationId AND nsd_id = @nsdId AND method = @method",
            new { operationId, nsdId, method = NfpJson.WireName(method) }, cancellationToken: cancellationToken));
        return row is { } found ? (NfpJson.ParseWireName<ConfigResult>(found.Result), found.Reason) : null;
    }
}
