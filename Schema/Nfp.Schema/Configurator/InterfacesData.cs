using Nfp.Schema.Resources;

namespace Nfp.Schema.Configurator;

/// <summary>
/// An <c>interfaces</c> resource (create_nsd_config): the device's data interfaces as its lifecycle driver
/// plugged them, each with the address, network and MAC the plug gave it.
/// </summary>
public sealed record InterfacesData(string MgmtIpAddress, IReadOnlyList<DataInterface> Interfaces);

/// <summary>One plugged port: where it is (network, address in which CIDR) and its MAC.</summary>
public sealed record DataInterface(
    Guid PortId, PortClassification PortClassification, string Network, string IpAddress, string Cidr, string Mac);
