using Nfp.Schema.Resources;

namespace Nfp.Schema.Drivers;

/// <summary>A service's port and the device interface it is plugged in as (with its address, CIDR and MAC).</summary>
public sealed record PluggedPort(PortInfo Port, NsdInterface Interface);
