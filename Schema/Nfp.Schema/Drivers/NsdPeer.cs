namespace Nfp.Schema.Drivers;

/// <summary>
/// The other device of an active-standby pair, as <see cref="ILifecycleDriver.GetNsdConfigInfo"/> is given
/// it: its management address (the VRRP peer), this device's <paramref name="Position"/> in the pair (0 or
/// 1: the first has the higher priority), and the pair's <paramref name="VirtualRouterId"/> (1–255, the
/// same on both, from the service's id).
/// </summary>
public sealed record NsdPeer(string MgmtIpAddress, int Position, int VirtualRouterId)
{
    /// <summary>The pair's VRRP id: from the service's id, so that both devices work it out alike.</summary>
    public static int VirtualRouterIdOf(Guid networkServiceId) => 1 + networkServiceId.ToByteArray()[0] % 255;
}
