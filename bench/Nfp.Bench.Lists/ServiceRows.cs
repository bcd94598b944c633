using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Nfp.Bench.Lists;

/// <summary>What the seeding made, for the pages to ask for.</summary>
/// <param name="DeepMarker">The live service at nine tenths of the rows: the marker of a deep page.</param>
/// <param name="LargeTenant">The tenant with the most services; <paramref name="MedianTenant"/> one of a median size.</param>
internal sealed record SeededRows(
    int Rows, int Live, int Tenants, Guid DeepMarker, int DeepPosition,
    Guid LargeTenant, int LargeTenantLive, Guid MedianTenant, int MedianTenantLive, TimeSpan CopyTook, TimeSpan VacuumTook, long TableBytes);

/// <summary>
/// network_services rows as a large installation has them, written with a binary COPY into the manager's
/// database (after its migrations) and then vacuumed and analyzed, as a settled table is. The same rows
/// every run (a fixed random seed):
/// <list type="bullet">
/// <item>created over two years, in the order of the rows (created_at grows with the row);</item>
/// <item>one tenant per 200 services, skewed as clouds are: tenant k of T has a share sqrt((k+1)/T) − sqrt(k/T)
/// of the services — the largest about 1.4 % of them, a median one about 140;</item>
/// <item>10 % DELETED within the retention (deleted in the last 6 days, so not purged yet), 2 % ERROR, 0.5 %
/// each of PENDING_CREATE, PENDING_UPDATE and PENDING_DELETE, the rest ACTIVE (one in ten of them DEGRADED);</item>
/// <item>70 % load balancers (vendor haproxy), 30 % firewalls (iptables), each with a service_config of its kind;
/// 90 % in a service chain, 5 % shareable.</item>
/// </list>
/// Only network_services is seeded: a list reads nothing else.
/// </summary>
internal static class ServiceRows
{
    private const string Copy = """
        COPY network_services (id, name, description, tenant_id, service_id, service_chain_id, service_profile_id, service_type,
                               service_vendor, allow_sharing, service_config, provisioning_status, operating_status, status_description,
                               created_at, updated_at, version)
        FROM STDIN (FORMAT BINARY)
        """;

    private static readonly TimeSpan History = TimeSpan.FromDays(730);

    public static async Task<SeededRows> SeedAsync(string connectionString, int rows, CancellationToken cancellationToken)
    {
        var random = new Random(14);
        var tenants = Enumerable.Range(0, Math.Max(1, rows / 200)).Select(_ => NewGuid(random)).ToArray();
        var profiles = Enumerable.Range(0, 20).Select(_ => NewGuid(random)).ToArray();
        var liveOf = new int[tenants.Length];
        var now = DateTime.UtcNow;
        var start = now - History;
        var step = History.Ticks / rows;
        var (live, deepMarker, deepPosition) = (0, Guid.Empty, 0);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync(Copy, cancellationToken))
        {
            for (var i = 0; i < rows; i++)
            {
                var id = NewGuid(random);
                var u = random.NextDouble();
                var tenant = (int)(tenants.Length * u * u);
                var created = new DateTime(start.Ticks + (i * step) + random.NextInt64(step), DateTimeKind.Utc);
                var (provisioning, operating, description, version) = Status(random.NextDouble());
                var updated = provisioning == "DELETED"
                    ? Later(created, now - TimeSpan.FromDays(6 * random.NextDouble()))
                    : Later(created, created + TimeSpan.FromDays(30 * random.NextDouble()), now);
                var firewall = random.NextDouble() < 0.3;
                if (provisioning != "DELETED")
                {
                    live++;
                    liveOf[tenant]++;
                    if (deepMarker == Guid.Empty && i >= rows / 10 * 9)
                    {
                        (deepMarker, deepPosition) = (id, live);
                    }
                }

                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync($"{(firewall ? "fw" : "lb")}-{i:x6}", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(i % 4 == 0 ? "created by the tenant's service chain" : "", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(tenants[tenant], NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(NewGuid(random), NpgsqlDbType.Uuid, cancellationToken);
                if (random.NextDouble() < 0.9)
                {
                    await copy.WriteAsync(NewGuid(random), NpgsqlDbType.Uuid, cancellationToken);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
                await copy.WriteAsync(profiles[random.Next(profiles.Length)], NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(firewall ? "firewall" : "loadbalancer", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(firewall ? "iptables" : "haproxy", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(random.NextDouble() < 0.05, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(firewall ? FirewallConfig(i) : LoadBalancerConfig(i), NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(provisioning, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(operating, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(description, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(created, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(updated, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(version, NpgsqlDbType.Integer, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        var copyTook = clock.Elapsed;
        clock.Restart();
        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) network_services", connection) { CommandTimeout = 600 })
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        var vacuumTook = clock.Elapsed;
        await using var size = new NpgsqlCommand("SELECT pg_total_relation_size('network_services')", connection);
        var tableBytes = (long)(await size.ExecuteScalarAsync(cancellationToken))!;
        var median = Enumerable.Range(0, tenants.Length).OrderBy(t => liveOf[t]).ElementAt(tenants.Length / 2);
        return new SeededRows(rows, live, tenants.Length, deepMarker, deepPosition, tenants[0], liveOf[0], tenants[median], liveOf[median],
            copyTook, vacuumTook, tableBytes);
    }

    /// <summary>A status as the mix above has it: provisioning, operating, status_description and the row's version.</summary>
    private static (string, string, string, int) Status(double roll) => roll switch
    {
        < 0.10 => ("DELETED", "OFFLINE", "", 6),
        < 0.12 => ("ERROR", "ERROR", "create_nsd: the device did not come up within 120 s", 3),
        < 0.125 => ("PENDING_CREATE", "OFFLINE", "", 1),
        < 0.13 => ("PENDING_UPDATE", "ONLINE", "", 4),
        < 0.135 => ("PENDING_DELETE", "ONLINE", "", 4),
        < 0.222 => ("ACTIVE", "DEGRADED", "a member is down", 4),
        _ => ("ACTIVE", "ONLINE", "monitored", 3),
    };

    private static DateTime Later(DateTime created, DateTime updated, DateTime? notAfter = null) =>
        new(Math.Min(Math.Max(created.Ticks, updated.Ticks), (notAfter ?? DateTime.MaxValue).Ticks), DateTimeKind.Utc);

    private static string LoadBalancerConfig(int i) => $$$"""
        {"listener": {"port": {{{(i % 3 == 0 ? 80 : 443)}}}, "protocol": "http", "address": ""},
         "pool": {"lb_method": "round_robin", "health_check": {"type": "http", "path": "/healthz", "interval_ms": 2000, "rise": 2, "fall": 3}},
         "member_port": 8080}
        """;

    private static string FirewallConfig(int i) => $$$"""
        {"rules": [{"action": "allow", "protocol": "tcp", "port": 443, "source_cidr": "10.{{{i % 250}}}.0.0/16"},
                   {"action": "allow", "protocol": "icmp"}, {"action": "deny", "protocol": "any"}]}
        """;

    /// <summary>A random version-4 UUID from <paramref name="random"/>, so that every run seeds the same rows.</summary>
    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
