using Dapper;
using Microsoft.Extensions.Options;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>A tenant's limits as set (null: the default), or as they hold (every one given; -1: unlimited).</summary>
public sealed record QuotaLimits(int? Services = null, int? Devices = null, int? Ports = null);

/// <summary>How many network services, devices and ports a tenant has (DELETED ones do not count), or a create needs.</summary>
public sealed record QuotaCounts(int Services, int Devices, int Ports);

/// <summary>A tenant's quotas as they hold — its own where set, the defaults elsewhere — and its use of them.</summary>
public sealed record TenantQuota(Guid TenantId, int Services, int Devices, int Ports, QuotaCounts InUse);

/// <summary>Configuration section <c>Quotas</c>: the limits of a tenant that has none of its own.</summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    /// <summary>-1 (unlimited) unless configured, as Octavia's defaults are.</summary>
    public QuotaLimits Defaults { get; set; } = new(-1, -1, -1);
}

/// <summary>
/// The quotas table and the counts it is checked against. A create checks in its own transaction, under
/// a per-tenant advisory lock, so that two creates of one tenant cannot both take the last of a quota.
/// </summary>
public sealed class QuotaRepository(NpgsqlDataSource dataSource, IOptions<QuotaOptions> options)
{
    /// <summary>The advisory lock space of quota checks (beside <see cref="KeyLock"/>'s).</summary>
    private const int LockSpace = 3;

    private const string LiveServices = "tenant_id = @tenant AND provisioning_status <> 'DELETED'";

    private const string CountsSql =
        $"""
        SELECT (SELECT count(*) FROM network_services WHERE {LiveServices})::int AS services,
               (SELECT count(*) FROM network_service_devices WHERE {LiveServices})::int AS devices,
               (SELECT count(DISTINCT p.port_info_id)
                  FROM network_service_instance_ports p
                  JOIN network_service_instances i ON i.id = p.network_service_instance_id
                  JOIN network_services s ON s.id = i.network_service_id
                 WHERE s.tenant_id = @tenant AND s.provisioning_status <> 'DELETED')::int AS ports
        """;

    public QuotaLimits Defaults => options.Value.Defaults;

    public async Task<TenantQuota> GetAsync(Guid tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, tenant, cancellationToken);
    }

    /// <summary>Every tenant given quotas of its own.</summary>
    public async Task<IReadOnlyList<TenantQuota>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var tenants = await connection.QueryAsync<Guid>(new CommandDefinition("SELECT tenant_id FROM quotas ORDER BY tenant_id", cancellationToken: cancellationToken));
        var quotas = new List<TenantQuota>();
        foreach (var tenant in tenants)
        {
            quotas.Add(await ReadAsync(connection, null, tenant, cancellationToken));
        }
        return quotas;
    }

    /// <summary>Sets the limits given (a null one stays as it was).</summary>
    public async Task<TenantQuota> SetAsync(Guid tenant, QuotaLimits limits, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO quotas (tenant_id, services, devices, ports) VALUES (@tenant, @services, @devices, @ports)
            ON CONFLICT (tenant_id) DO UPDATE SET services = COALESCE(@services, quotas.services),
                devices = COALESCE(@devices, quotas.devices), ports = COALESCE(@ports, quotas.ports), updated_at = now()
            """, new { tenant, services = limits.Services, devices = limits.Devices, ports = limits.Ports }, cancellationToken: cancellationToken));
        return await ReadAsync(connection, null, tenant, cancellationToken);
    }

    /// <summary>Gives the tenant the defaults again.</summary>
    public async Task ResetAsync(Guid tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM quotas WHERE tenant_id = @tenant", new { tenant }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The quotas of <paramref name="tenant"/> that <paramref name="requested"/> more would go over (none: it
    /// fits), checked in <paramref name="transaction"/> — which holds the tenant's quota lock to its end, so
    /// the caller's own writes are counted by the next check.
    /// </summary>
    public async Task<IReadOnlyList<QuotaUse>> ExceededAsync(Guid tenant, QuotaCounts requested, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@space, hashtext(@tenant::text))", new { space = LockSpace, tenant }, transaction, cancellationToken: cancellationToken));
        var quota = await ReadAsync(connection, transaction, tenant, cancellationToken);
        return new[]
            {
                new QuotaUse("services", quota.Services, quota.InUse.Services, requested.Services),
                new QuotaUse("devices", quota.Devices, quota.InUse.Devices, requested.Devices),
                new QuotaUse("ports", quota.Ports, quota.InUse.Ports, requested.Ports),
            }
            .Where(use => use.Limit >= 0 && use.Requested > 0 && use.InUse + use.Requested > use.Limit)
            .ToList();
    }

    private async Task<TenantQuota> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenant, CancellationToken cancellationToken)
    {
        var own = await connection.QuerySingleOrDefaultAsync<QuotaLimits>(new CommandDefinition(
            "SELECT services, devices, ports FROM quotas WHERE tenant_id = @tenant", new { tenant }, transaction, cancellationToken: cancellationToken));
        var inUse = await connection.QuerySingleAsync<QuotaCounts>(new CommandDefinition(CountsSql, new { tenant }, transaction, cancellationToken: cancellationToken));
        return new TenantQuota(tenant, own?.Services ?? Defaults.Services ?? -1, own?.Devices ?? Defaults.Devices ?? -1, own?.Ports ?? Defaults.Ports ?? -1, inUse);
    }
}
