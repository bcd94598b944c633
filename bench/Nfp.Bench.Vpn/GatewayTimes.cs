namespace Nfp.Bench.Vpn;

/// <summary>
/// One floor gateway's phases, in milliseconds: docker create + start; the two network connects and the
/// inspect for their MACs; until the device agent says the device is up; the interfaces applied; the
/// swanctl.conf loaded into charon (which starts the connection).
/// </summary>
internal sealed record GatewayTimes(double Container, double Connect, double AgentUp, double Interfaces, double Vpn)
{
    public double Total => Container + Connect + AgentUp + Interfaces + Vpn;
}

/// <summary>
/// One floor run: from just before the work began, until host a's first answer from host b (ms); until
/// both gateways were configured (ms); and each gateway's phases (<see cref="GatewayTimes"/>).
/// </summary>
internal sealed record DirectTimes(double Milliseconds, double Configured, IReadOnlyList<GatewayTimes> Gateways);

/// <summary>A floor gateway as made: its container, its management address and device id.</summary>
internal sealed record DirectGateway(Site Site, string Id, string Mgmt, Guid NsdId);
