namespace Nfp.Schema.Drivers;

/// <summary>
/// plug_nsd_interface's answer: the driver's name for the plugged interface (kept as the interface's
/// mapped_real_port_id) and where it is — its address, the CIDR of its network and its MAC — kept on
/// the interface, so that the config sent to the device is made from the record, not asked for again —
/// and, for a device of an active-standby pair, the virtual address reserved for it to hold ("" for
/// any other device).
/// </summary>
public sealed record PluggedInterface(string MappedRealPortId, string IpAddress, string Cidr, string Mac, string VirtualIpAddress = "");
