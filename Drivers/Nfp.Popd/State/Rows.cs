namespace Nfp.Popd.State;

/// <summary>A network popd manages (pop.networks); addresses as text.</summary>
internal sealed record NetworkRow(
    Guid Id, string Name, string DockerNetworkId, bool External,
    string Ipv4Cidr, string Ipv4Gateway, string? Ipv6Cidr, string? Ipv6Gateway);

/// <summary>
/// A Pop container (pop.containers); <see cref="Status"/> is the name of a <c>Container.Types.Status</c>;
/// <see cref="Secrets"/> a JSON object of each secret key's encrypted value (<see cref="Popd.Secrets.SecretMetadata"/>).
/// </summary>
internal sealed record ContainerRow(
    Guid Id, string Name, string ImageId, string FlavourId, string Status, string ExtendedStatus,
    string? DockerId, string Metadata, byte[] Options, DateTime CreatedAt, DateTime? StartedAt, string Secrets = "{}");

/// <summary>A container's endpoint on one network (pop.network_attachments joined with its network); its virtual addresses space-separated.</summary>
internal sealed record AttachmentRow(
    Guid ContainerId, Guid NetworkId, string NetworkName, string DockerNetworkId, string EndpointId,
    string Ipv4Address, string? Ipv6Address, string Mac,
    string Ipv4Cidr, string Ipv4Gateway, string? Ipv6Cidr, string? Ipv6Gateway, string VirtualIpv4);

/// <summary>
/// The endpoint a Create or Plug asks for: a network by name, the addresses wanted, if any, and the
/// virtual addresses it may hold besides (null: popd chooses one).
/// </summary>
internal sealed record EndpointRequest(
    string NetworkName, System.Net.IPAddress? Ipv4, System.Net.IPAddress? Ipv6, IReadOnlyList<System.Net.IPAddress?> VirtualIpv4);
