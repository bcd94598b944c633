using System.ComponentModel;

namespace Nfp.Schema.Configurator;

/// <summary>
/// A <c>routes</c> resource: the static routes the device needs beyond its connected networks, e.g. a
/// load balancer's way back to the consumers behind a firewall. Applied, they are the routes NFP set on
/// the device; removed, those routes are gone.
/// </summary>
public sealed record RoutesData(string MgmtIpAddress, IReadOnlyList<Route> Routes);

/// <summary>Traffic for <see cref="Destination"/> (a CIDR) goes through <see cref="Nexthop"/>, on one of the device's networks.</summary>
public sealed record Route(
    [property: Description("The network the route is to, in CIDR notation (e.g. 10.1.0.0/24).")] string Destination,
    [property: Description("The address traffic for it goes through, on one of the device's networks.")] string Nexthop);
