using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// The GBP service profile of the node: which function, from which vendor (this picks the lifecycle and
/// configurator drivers), and whether a device may render services of several chains.
/// </summary>
public sealed record ServiceProfile(
    Guid Id,
    ServiceType ServiceType,
    string ServiceVendor,
    bool AllowSharing = false);
