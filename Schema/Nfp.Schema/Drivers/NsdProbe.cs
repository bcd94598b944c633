using Nfp.Schema.Resources;

namespace Nfp.Schema.Drivers;

/// <summary>
/// What one health probe of a device found (<see cref="IVendorDriver.ProbeAsync"/>): whether the device
/// answered as itself, and — for a device of an active-standby pair — whether it holds the pair's
/// addresses now (<see cref="HaState.Active"/>: its VRRP instance is MASTER) or not (<see cref="HaState.Standby"/>);
/// and what of its function the device reports down (<see cref="Degraded"/>, e.g. "connections down: to-b"),
/// empty when all of it is up.
/// </summary>
public sealed record NsdProbe(bool Answered, HaState HaState = HaState.None, string Degraded = "")
{
    /// <summary>Nothing answered, or something that is not the device.</summary>
    public static readonly NsdProbe Silent = new(false);
}
