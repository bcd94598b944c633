namespace Nfp.Schema.Resources;

/// <summary>
/// A network a device is attached to (NFP spec: NetworkInfo), e.g. the monitoring network.
/// <see cref="Id"/> is the network's own identity, of the kind <see cref="NetworkPolicy"/> says.
/// </summary>
public sealed record NetworkInfo(
    Guid Id,
    NetworkPolicy NetworkPolicy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IResource;
