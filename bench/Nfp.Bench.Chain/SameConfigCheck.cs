using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Nfp.Bench.Chain;

/// <summary>
/// That the floor does the manager's device work: the haproxy.cfg each path's device runs, read back
/// from its device agent (<c>GET /cgi-bin/config?haproxy</c>), is the same but for the VIP.
/// </summary>
internal sealed class SameConfigCheck(string agentPassword) : IDisposable
{
    private const string VipMark = "<vip>";
    private readonly HttpClient _http = new()
    {
        Timeout = TimeSpan.FromSeconds(5),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"nfp:{agentPassword}"))) },
    };

    /// <exception cref="BenchException">The two configs differ.</exception>
    public async Task RequireAsync(BenchDatabase manager, Guid service, string managerVip, string floorMgmt, string floorVip, CancellationToken cancellationToken)
    {
        var managerConfig = (await ReadAsync(await DeviceAddressAsync(manager, service, cancellationToken), cancellationToken)).Replace(managerVip, VipMark, StringComparison.Ordinal);
        var floorConfig = (await ReadAsync(floorMgmt, cancellationToken)).Replace(floorVip, VipMark, StringComparison.Ordinal);
        if (managerConfig != floorConfig)
        {
            throw new BenchException($"The two paths' devices run different haproxy configs.\nmanager:\n{managerConfig}\nfloor:\n{floorConfig}");
        }
        Console.Error.WriteLine($"same haproxy.cfg on both paths but for the VIP ({managerConfig.Split('\n').Length} lines)");
    }

    private async Task<string> ReadAsync(string mgmt, CancellationToken cancellationToken) =>
        await _http.GetStringAsync(new Uri($"http://{mgmt}:8480/cgi-bin/config?haproxy"), cancellationToken);

    private static async Task<string> DeviceAddressAsync(BenchDatabase manager, Guid service, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(manager.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT d.mgmt_ip_address FROM network_service_instances i JOIN network_service_devices d ON d.id = i.nsd_id
            WHERE i.network_service_id = @service
            """, connection);
        command.Parameters.AddWithValue("service", service);
        return (string?)await command.ExecuteScalarAsync(cancellationToken) ?? throw new BenchException($"Service {service} has no device.");
    }

    public void Dispose() => _http.Dispose();
}
