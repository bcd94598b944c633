namespace Nfp.Schema.Configurator;

/// <summary>
/// A <c>vrrp</c> resource (create_nsd_config of a device in an active-standby pair; Octavia's
/// ACTIVE_STANDBY topology): the device runs a VRRP instance with its peer, unicast over the management
/// network, and holds <see cref="VirtualAddresses"/> — the service's VIP and data addresses — while it is
/// MASTER. Both devices of a pair start BACKUP and do not preempt: the first up becomes MASTER, and a
/// member made again joins as BACKUP without taking the addresses back.
/// </summary>
/// <param name="MgmtIpAddress">The device (its agent, and the VRRP source address).</param>
/// <param name="PeerIpAddress">The other device's management address.</param>
/// <param name="VirtualRouterId">The pair's VRRP id, 1–255, the same on both devices.</param>
/// <param name="Priority">This device's priority, 1–254; the two differ.</param>
/// <param name="AdvertIntervalMs">How often the MASTER advertises (VRRPv3); its peer takes over after about 3 intervals of silence.</param>
public sealed record VrrpData(
    string MgmtIpAddress, string PeerIpAddress, int VirtualRouterId, int Priority, int AdvertIntervalMs,
    IReadOnlyList<VirtualAddress> VirtualAddresses);

/// <summary>An address the pair's MASTER holds, on its data interface with MAC <paramref name="Mac"/>, with the prefix of <paramref name="Cidr"/>.</summary>
public sealed record VirtualAddress(string IpAddress, string Cidr, string Mac);
