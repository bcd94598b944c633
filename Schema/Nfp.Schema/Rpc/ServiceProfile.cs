using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// The GBP service profile of the node: which function, from which vendor (this picks the lifecycle and
/// configurator drivers), whether a device may render services of several chains, and how many devices
/// render the service (<see cref="ServiceTopology.ActiveStandby"/>: a pair, for load balancers and
/// firewalls, never shared).
/// </summary>
public sealed record ServiceProfile(
    Guid Id,
    ServiceType ServiceType,
    string ServiceVendor,
    bool AllowSharing = false,
    ServiceTopology Topology = ServiceTopology.Standalone);
