namespace Nfp.Bench.Chain;

/// <summary>
/// That the floor does the manager's device work: the haproxy.cfg each path's device runs, read back
/// from its device agent (<c>GET /cgi-bin/config?haproxy</c>), is the same but for the VIP.
/// </summary>
internal sealed class SameConfigCheck(string agentSecret) : IDisposable
{
    private const string VipMark = "<vip>";
    private const string Part = "haproxy";
    private readonly DeviceAgentConfig _agent = new(agentSecret);

    /// <exception cref="BenchException">The two configs differ.</exception>
    public async Task RequireAsync(
        BenchDatabase manager, Guid service, string managerVip, string floorMgmt, Guid floorNsdId, string floorVip, CancellationToken cancellationToken)
    {
        var (managerMgmt, managerNsdId) = await ManagerDevices.OfAsync(manager, service, cancellationToken);
        var managerConfig = (await _agent.ReadAsync(managerMgmt, managerNsdId, Part, cancellationToken)).Replace(managerVip, VipMark, StringComparison.Ordinal);
        var floorConfig = (await _agent.ReadAsync(floorMgmt, floorNsdId, Part, cancellationToken)).Replace(floorVip, VipMark, StringComparison.Ordinal);
        if (managerConfig != floorConfig)
        {
            throw new BenchException($"The two paths' devices run different haproxy configs.\nmanager:\n{managerConfig}\nfloor:\n{floorConfig}");
        }
        Console.Error.WriteLine($"same haproxy.cfg on both paths but for the VIP ({managerConfig.Split('\n').Length} lines)");
    }

    public void Dispose() => _agent.Dispose();
}
