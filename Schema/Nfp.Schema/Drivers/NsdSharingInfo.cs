namespace Nfp.Schema.Drivers;

/// <summary>get_nsd_sharing_info's answer: a device's data interface capacity, and whether it may be shared.</summary>
public sealed record NsdSharingInfo(int MaxInterfaces, bool Shareable);
