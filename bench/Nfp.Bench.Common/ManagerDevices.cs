using Npgsql;

namespace Nfp.Bench;

/// <summary>What the manager's database says of a service's device.</summary>
public static class ManagerDevices
{
    /// <summary>The management address and id of the service's device.</summary>
    public static async Task<(string Mgmt, Guid NsdId)> OfAsync(BenchDatabase manager, Guid service, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(manager.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT d.mgmt_ip_address, d.id FROM network_service_instances i JOIN network_service_devices d ON d.id = i.nsd_id
            WHERE i.network_service_id = @service
            """, connection);
        command.Parameters.AddWithValue("service", service);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetGuid(1)) : throw new BenchException($"Service {service} has no device.");
    }

    /// <summary>When the service's first heal operation accepted at or after <paramref name="since"/> was accepted (null: none yet).</summary>
    public static async Task<DateTimeOffset?> HealAcceptedAsync(BenchDatabase manager, Guid service, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(manager.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT min(started_at) FROM operations WHERE resource_id = @service AND kind = 'heal' AND started_at >= @since", connection);
        command.Parameters.AddWithValue("service", service);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>How many failover operations of the service have COMPLETED.</summary>
    public static async Task<long> FailoversCompletedAsync(BenchDatabase manager, Guid service, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(manager.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM operations WHERE resource_id = @service AND kind = 'failover' AND state = 'COMPLETED'", connection);
        command.Parameters.AddWithValue("service", service);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Waits until the service has more COMPLETED failovers than <paramref name="completedBefore"/> (90 s at most).</summary>
    public static async Task UntilFailoverCompletedAsync(BenchDatabase manager, Guid service, long completedBefore, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await FailoversCompletedAsync(manager, service, cancellationToken) == completedBefore)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new BenchException($"The failover of service {service} did not complete within 90 s.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Waits until the manager's spare pool holds <paramref name="size"/> ACTIVE spares (at once when 0).</summary>
    public static async Task SparesReadyAsync(BenchDatabase manager, int size, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (size > 0)
        {
            await using var connection = new NpgsqlConnection(manager.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM network_service_devices WHERE spare_for IS NOT NULL AND provisioning_status = 'ACTIVE'", connection);
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! >= size)
            {
                return;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new BenchException($"The spare pool did not hold {size} ACTIVE spares within 60 s.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }
}
