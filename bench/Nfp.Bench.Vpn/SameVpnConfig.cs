namespace Nfp.Bench.Vpn;

/// <summary>
/// That the floor does the manager's device work: the swanctl.conf site a's gateway runs on each path, read
/// back from its device agent (<c>GET /cgi-bin/config?vpn</c>: the configuration without its secrets, then
/// the SAs), is the same. Both paths put their gateways at the same addresses, so the two are never up at
/// once: each is read while its gateway runs, and the two compared after.
/// </summary>
internal sealed class SameVpnConfig(string agentSecret) : IDisposable
{
    private const string Part = "vpn";
    private const string SasMark = "# security associations";
    private readonly DeviceAgentConfig _agent = new(agentSecret);

    /// <summary>The configuration the manager's gateway of <paramref name="service"/> runs.</summary>
    public async Task<string> OfManagerAsync(BenchDatabase manager, Guid service, CancellationToken cancellationToken)
    {
        var (mgmt, nsdId) = await ManagerDevices.OfAsync(manager, service, cancellationToken);
        return Configuration(await _agent.ReadAsync(mgmt, nsdId, Part, cancellationToken));
    }

    /// <summary>The configuration the floor's gateway runs.</summary>
    public async Task<string> OfFloorAsync(DirectGateway gateway, CancellationToken cancellationToken) =>
        Configuration(await _agent.ReadAsync(gateway.Mgmt, gateway.NsdId, Part, cancellationToken));

    /// <exception cref="BenchException">The two configurations differ.</exception>
    public static void Require(string managerConfig, string floorConfig)
    {
        if (managerConfig != floorConfig)
        {
            throw new BenchException($"The two paths' gateways run different swanctl configurations.\nmanager:\n{managerConfig}\nfloor:\n{floorConfig}");
        }
        Console.Error.WriteLine($"same swanctl.conf on both paths' gateway a, secrets aside ({managerConfig.Split('\n').Length} lines)");
    }

    /// <summary>The agent's view up to its SAs: the configuration in force.</summary>
    private static string Configuration(string view) => view.Split(SasMark)[0];

    public void Dispose() => _agent.Dispose();
}
